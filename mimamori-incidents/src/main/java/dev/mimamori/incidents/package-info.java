/** Alerts grouped into incidents, one per attack on a shop. */
@NullMarked
package dev.mimamori.incidents;

import org.jspecify.annotations.NullMarked;
