/**
 * Per-tenant tuning of the rules: rules switched off for a tenant (or by default), and exceptions
 * (an event field equal to a value, or an address in a network) that suppress a rule's alerts until
 * they expire. Compiled once per change into a {@link dev.mimamori.detect.tuning.Tuning} the
 * detector asks on every firing.
 */
@NullMarked
package dev.mimamori.detect.tuning;

import org.jspecify.annotations.NullMarked;
