/** Notifiers: each a config record, a factory and one registration line in {@code Notifiers}. */
@NullMarked
package dev.mimamori.incidents.notify;

import org.jspecify.annotations.NullMarked;
