/**
 * On-call: people and how to reach them, rotating schedules with layers and overrides, escalation
 * policies and the state machine that runs them, quiet hours, a per-person page budget, and signed
 * acknowledgement links. Pure logic: no database, no HTTP, no threads; every method that depends on
 * time takes it as an argument or from an injected {@link java.time.Clock}. See {@code
 * docs/ONCALL.md}.
 */
@NullMarked
package dev.mimamori.incidents.oncall;

import org.jspecify.annotations.NullMarked;
