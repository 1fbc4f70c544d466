/**
 * Findings of the storefront monitor (a page checked in a real browser against its baseline) as log
 * lines for the pipeline.
 */
@NullMarked
package dev.mimamori.sensors.storefront;

import org.jspecify.annotations.NullMarked;
