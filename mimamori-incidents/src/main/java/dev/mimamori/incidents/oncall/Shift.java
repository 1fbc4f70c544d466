package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.Objects;

/**
 * A person on call for a schedule without interruption.
 *
 * @param personId who
 * @param from start, inclusive
 * @param to end, exclusive
 */
public record Shift(String personId, Instant from, Instant to) {
  public Shift {
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
    }
  }
}
