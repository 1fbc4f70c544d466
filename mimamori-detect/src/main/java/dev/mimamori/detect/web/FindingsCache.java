package dev.mimamori.detect.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The findings of values analyzed lately on this thread, for values that passed the {@link Gate}:
 * logs repeat the same user agents, referrers, paths and parameters (and an attacker the same
 * payload) many times, and the analysis is a pure function of the value, its parameter name and
 * where it came from. Direct-mapped (a new value takes its slot), bounded in entries and in the
 * length of a value kept, so its memory stays small whatever the traffic.
 */
final class FindingsCache {
  static final int SLOTS = 4096;

  /** Longer values are analyzed every time: at most SLOTS × 1,024 characters are held. */
  static final int MAX_CHARS = 1024;

  private record Entry(
      String value, @Nullable String parameter, WebValue.Source source, List<Finding> findings) {}

  private static final ThreadLocal<FindingsCache> MINE =
      ThreadLocal.withInitial(FindingsCache::new);

  private final Entry[] slots = new Entry[SLOTS];

  static FindingsCache mine() {
    return MINE.get();
  }

  private static int slot(String value, @Nullable String parameter, WebValue.Source source) {
    int h = value.hashCode() * 31 + Objects.hashCode(parameter);
    h = h * 31 + source.ordinal();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /** The findings kept for this value, or null when it was not analyzed lately. */
  @Nullable List<Finding> get(String value, @Nullable String parameter, WebValue.Source source) {
    Entry e = slots[slot(value, parameter, source)];
    if (e != null
        && e.source == source
        && e.value.equals(value)
        && Objects.equals(e.parameter, parameter)) {
      return e.findings;
    }
    return null;
  }

  void put(
      String value, @Nullable String parameter, WebValue.Source source, List<Finding> findings) {
    if (value.length() <= MAX_CHARS) {
      slots[slot(value, parameter, source)] = new Entry(value, parameter, source, findings);
    }
  }
}
