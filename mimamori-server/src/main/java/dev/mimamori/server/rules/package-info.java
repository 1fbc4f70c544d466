/**
 * The rules a running server uses and their tuning: the catalogue the API lists, hot reload of the
 * rules directory (watched, debounced) with the state of unchanged rules handed over, and the
 * tenants' enable/disable settings and exceptions compiled from the store.
 */
@NullMarked
package dev.mimamori.server.rules;

import org.jspecify.annotations.NullMarked;
