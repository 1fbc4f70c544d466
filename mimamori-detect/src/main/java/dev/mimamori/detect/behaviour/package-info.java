/**
 * Behaviour over time: rules that judge a stream of events rather than one event (counts and
 * distinct values in a sliding window, failure ratios, surges against a shop's own baseline). Time
 * is always the events' own, so replays of old logs behave as the live stream did; every structure
 * is bounded, so a million distinct addresses cost a fixed amount of heap.
 */
@NullMarked
package dev.mimamori.detect.behaviour;

import org.jspecify.annotations.NullMarked;
