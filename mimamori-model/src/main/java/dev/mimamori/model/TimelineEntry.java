package dev.mimamori.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an incident's story.
 *
 * @param timestamp when it happened
 * @param kind {@code alert}, {@code status}, {@code note}, ...
 * @param text what happened, in words
 * @param alertId the alert it is about, if any
 */
public record TimelineEntry(Instant timestamp, String kind, String text, @Nullable String alertId) {
  public TimelineEntry {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }
}
