package dev.mimamori.incidents.oncall;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A window of wall-clock time that recurs on some days of the week, such as weekdays 09:00–18:00 or
 * every night 22:00–07:00. A window whose end is not after its start runs past midnight into the
 * next day; {@code from == to} is a whole day. {@code days} are the days the window starts on.
 * Times are resolved in a zone the owner supplies (see {@link Zones#resolve}).
 *
 * @param days the days of the week the window starts on, at least one
 * @param from when it starts, wall-clock time
 * @param to when it ends, wall-clock time (exclusive)
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
  public TimeWindow {
    Objects.requireNonNull(days, "days");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("days must name at least one day");
    }
    days = Collections.unmodifiableSet(EnumSet.copyOf(days));
  }

  /** The window on every day of the week. */
  public static TimeWindow daily(LocalTime from, LocalTime to) {
    return new TimeWindow(EnumSet.allOf(DayOfWeek.class), from, to);
  }

  /** The window Monday to Friday. */
  public static TimeWindow weekdays(LocalTime from, LocalTime to) {
    return new TimeWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), from, to);
  }

  /** How long the window is in wall-clock time. */
  public Duration length() {
    if (to.isAfter(from)) {
      return Duration.between(from, to);
    }
    return Duration.ofDays(1).minus(Duration.between(to, from));
  }

  /** The occurrence that contains {@code t}, if any. */
  public Optional<Interval> occurrenceAt(Instant t, ZoneId zone) {
    LocalDate d = LocalDate.ofInstant(t, zone);
    for (LocalDate day : List.of(d.minusDays(1), d)) {
      if (days.contains(day.getDayOfWeek())) {
        Interval i = occurrence(day, zone);
        if (i.contains(t)) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  /** Every occurrence that overlaps {@code [from, to)}, in order. */
  public List<Interval> occurrences(Instant start, Instant end, ZoneId zone) {
    List<Interval> out = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(end, zone);
    for (LocalDate day = LocalDate.ofInstant(start, zone).minusDays(1);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      if (days.contains(day.getDayOfWeek())) {
        Interval i = occurrence(day, zone);
        if (i.end().isAfter(start) && i.start().isBefore(end)) {
          out.add(i);
        }
      }
    }
    return out;
  }

  /** The occurrence that starts on {@code day} (whether or not the window runs that day). */
  Interval occurrence(LocalDate day, ZoneId zone) {
    var start = day.atTime(from);
    return new Interval(Zones.resolve(start, zone), Zones.resolve(start.plus(length()), zone));
  }
}
