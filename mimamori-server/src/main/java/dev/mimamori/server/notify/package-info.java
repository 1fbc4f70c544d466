/**
 * Telling people: the notification file (channels, routes, on-call), the planner that writes
 * messages into the outbox with each incident change, the dispatcher that delivers them with
 * retries, the escalation ticker that pages on-call people until someone acknowledges, and the
 * signed acknowledgement links.
 */
@NullMarked
package dev.mimamori.server.notify;

import org.jspecify.annotations.NullMarked;
