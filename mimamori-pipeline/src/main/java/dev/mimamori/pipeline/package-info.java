/**
 * The one in-process event path: source, parse/normalize, detect, alerts, incidents, notify. Stages
 * are joined by bounded queues, so a flood slows the readers instead of filling the heap.
 */
@NullMarked
package dev.mimamori.pipeline;

import org.jspecify.annotations.NullMarked;
