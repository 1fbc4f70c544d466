/**
 * Sensors: where raw observations come from, and how they become {@link dev.mimamori.model.Event}s.
 */
@NullMarked
package dev.mimamori.sensors;

import org.jspecify.annotations.NullMarked;
