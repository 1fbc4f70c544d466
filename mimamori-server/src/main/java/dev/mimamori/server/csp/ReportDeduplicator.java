package dev.mimamori.server.csp;

import dev.mimamori.sensors.csp.CspReport;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Browsers send the same violation on every page view. A report of the same site, directive,
 * blocked host (or keyword such as {@code inline}), document path and disposition as one stored
 * within the window is only counted; the next stored one after the window carries the count of
 * those it stood for ({@code repeats}). Bounded memory: least recently used keys go first.
 */
final class ReportDeduplicator {
  private static final int MAX_KEYS = 20_000;

  private static final class Seen {
    final long since;
    int repeats;

    Seen(long since) {
      this.since = since;
    }
  }

  private final Clock clock;
  private final long windowMillis;
  private final Map<String, Seen> seen =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
          return size() > MAX_KEYS;
        }
      };

  ReportDeduplicator(Clock clock, long windowMillis) {
    this.clock = clock;
    this.windowMillis = windowMillis;
  }

  /**
   * -1 when the report repeats one stored within the window (it is counted); otherwise the number
   * of repeats the previous window counted (0 for a new report), and the report is to be stored.
   */
  synchronized int admit(String siteId, CspReport r) {
    String blocked = r.blockedHost() != null ? r.blockedHost() : String.valueOf(r.blockedUrl());
    String key =
        siteId
            + '\n'
            + r.directive()
            + '\n'
            + blocked
            + '\n'
            + r.documentPath()
            + '\n'
            + r.disposition();
    long now = clock.millis();
    Seen s = seen.get(key);
    if (s != null && now - s.since < windowMillis) {
      s.repeats++;
      return -1;
    }
    seen.put(key, new Seen(now));
    return s == null ? 0 : s.repeats;
  }
}
