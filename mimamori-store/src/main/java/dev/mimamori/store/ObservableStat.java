package dev.mimamori.store;

import dev.mimamori.model.Observable;
import java.time.Instant;

/** An observable of an incident with when it was first and last seen and how often. */
public record ObservableStat(
    Observable observable, Instant firstSeen, Instant lastSeen, long count) {}
