package dev.mimamori.incidents.oncall;

import dev.mimamori.model.Severity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When pages for less urgent incidents wait: inside a window, an incident below {@code holdBelow}
 * is not paged but held until the window ends. High and critical incidents always page, so {@code
 * holdBelow} is at most {@link Severity#HIGH}. Adjacent or overlapping windows are one long window.
 *
 * @param zone the zone of the windows' wall-clock times
 * @param windows when pages are held; empty means never
 * @param holdBelow incidents of a lower severity are held ({@code INFO} holds nothing)
 */
public record QuietHours(ZoneId zone, List<TimeWindow> windows, Severity holdBelow) {
  private static final int MAX_CHAIN = 32;

  public QuietHours {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(holdBelow, "holdBelow");
    windows = List.copyOf(windows);
    if (holdBelow.compareTo(Severity.HIGH) > 0) {
      throw new IllegalArgumentException(
          "hold_below must be at most high: high and critical incidents always page");
    }
    if (!windows.isEmpty() && coversEverything(windows)) {
      throw new IllegalArgumentException("windows cover the whole week: nothing would ever page");
    }
  }

  /** No quiet hours: everything pages at once. */
  public static QuietHours none() {
    return new QuietHours(ZoneOffset.UTC, List.of(), Severity.INFO);
  }

  /**
   * Until when a page for an incident of {@code severity} waits at {@code now}: empty to page now,
   * else the instant the quiet window (and any window adjoining it) ends.
   */
  public Optional<Instant> holdUntil(Severity severity, Instant now) {
    if (severity.compareTo(holdBelow) >= 0) {
      return Optional.empty();
    }
    Optional<Interval> window = windowAt(now);
    if (window.isEmpty()) {
      return Optional.empty();
    }
    Instant release = window.get().end();
    for (int i = 0; i < MAX_CHAIN; i++) {
      Optional<Interval> next = windowAt(release);
      if (next.isEmpty()) {
        break;
      }
      release = next.get().end();
    }
    return Optional.of(release);
  }

  private Optional<Interval> windowAt(Instant t) {
    for (TimeWindow w : windows) {
      Optional<Interval> i = w.occurrenceAt(t, zone);
      if (i.isPresent()) {
        return i;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether every end of a window lies inside another window: then no time is left outside them
   * (the first moment after a covered stretch is always some window's end). Windows repeat weekly,
   * so any week in a zone without daylight saving will do.
   */
  private static boolean coversEverything(List<TimeWindow> windows) {
    LocalDate monday = LocalDate.of(2024, 1, 1);
    for (TimeWindow w : windows) {
      for (DayOfWeek d : w.days()) {
        Instant end = w.occurrence(monday.plusDays(d.ordinal()), ZoneOffset.UTC).end();
        boolean inside =
            windows.stream().anyMatch(o -> o.occurrenceAt(end, ZoneOffset.UTC).isPresent());
        if (!inside) {
          return false;
        }
      }
    }
    return true;
  }
}
