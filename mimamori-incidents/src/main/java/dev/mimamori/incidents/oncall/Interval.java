package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.Objects;

/** A span of time, start inclusive, end exclusive. */
public record Interval(Instant start, Instant end) {
  public Interval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
