package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.Objects;

/**
 * A person taking a schedule for a while (a swap, a holiday cover). Overrides win over every layer;
 * where overrides overlap, the later one in the list wins.
 *
 * @param personId who is on call
 * @param from start, inclusive
 * @param to end, exclusive
 */
public record ScheduleOverride(String personId, Instant from, Instant to) {
  public ScheduleOverride {
    Names.id(personId, "person");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
    }
  }

  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}
