/**
 * The transactional outbox: notifications written with the incident change, delivered afterwards
 * with retries, backoff and a dead-letter list.
 */
@NullMarked
package dev.mimamori.incidents.outbox;

import org.jspecify.annotations.NullMarked;
