package dev.mimamori.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an incident's story.
 *
 * @param timestamp when it happened
 * @param kind {@code alert}, {@code status}, {@code comment}, {@code assign}, {@code action},
 *     {@code merge}, {@code split}, {@code notify}, {@code escalation}, ...
 * @param text what happened, in words
 * @param alertId the alert it is about, if any
 * @param actor who did it: a user name, or null for mimamori itself
 */
public record TimelineEntry(
    Instant timestamp, String kind, String text, @Nullable String alertId, @Nullable String actor) {
  public TimelineEntry {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** An entry mimamori wrote itself. */
  public TimelineEntry(Instant timestamp, String kind, String text, @Nullable String alertId) {
    this(timestamp, kind, text, alertId, null);
  }
}
