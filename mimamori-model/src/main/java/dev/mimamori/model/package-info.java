/** Events, alerts and incidents: plain values that every stage of the pipeline shares. */
@NullMarked
package dev.mimamori.model;

import org.jspecify.annotations.NullMarked;
