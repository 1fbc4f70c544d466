package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import java.util.List;

/**
 * One input to a correlation: a referenced rule matched (one event), or a referenced correlation
 * fired (all its events).
 *
 * @param time when, in event time (the trigger's timestamp)
 */
record Signal(long time, Event trigger, List<Event> events) {}
