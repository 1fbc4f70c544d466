/**
 * Response actions: each a config record, a factory and one registration line in {@code
 * ResponseActions}.
 */
@NullMarked
package dev.mimamori.incidents.respond;

import org.jspecify.annotations.NullMarked;
