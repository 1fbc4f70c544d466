package dev.mimamori.detect.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The findings of values analyzed lately on this thread, for values that passed the {@link Gate}:
 * logs repeat the same user agents, referrers, paths and parameters (and an attacker the same
 * payload) many times, and the analysis is a pure function of the value, its parameter name and
 * where it came from. In pairs of slots by hash (a new value takes the place of the one of its pair
 * used least lately), bounded in entries and in the length of a value kept, so its memory stays
 * small whatever the traffic.
 */
final class FindingsCache {
  static final int SLOTS = 8192;

  /** Longer values are analyzed every time: at most SLOTS × 512 characters are held. */
  static final int MAX_CHARS = 512;

  private record Entry(
      String value, @Nullable String parameter, WebValue.Source source, List<Finding> findings) {
    boolean is(String v, @Nullable String p, WebValue.Source s) {
      return source == s && value.equals(v) && Objects.equals(parameter, p);
    }
  }

  private static final ThreadLocal<FindingsCache> MINE =
      ThreadLocal.withInitial(FindingsCache::new);

  private final Entry[] slots = new Entry[SLOTS];

  static FindingsCache mine() {
    return MINE.get();
  }

  /**
   * The first slot of the pair the value may sit in (see {@link dev.mimamori.detect.ValueMemo}).
   */
  private static int slot(String value, @Nullable String parameter, WebValue.Source source) {
    int h = value.hashCode() * 31 + Objects.hashCode(parameter);
    h = h * 31 + source.ordinal();
    return (h ^ (h >>> 16)) & (SLOTS - 2);
  }

  /** The findings kept for this value, or null when it was not analyzed lately. */
  @Nullable List<Finding> get(String value, @Nullable String parameter, WebValue.Source source) {
    int i = slot(value, parameter, source);
    Entry e = slots[i];
    if (e != null && e.is(value, parameter, source)) {
      return e.findings;
    }
    Entry older = slots[i + 1];
    if (older != null && older.is(value, parameter, source)) {
      slots[i + 1] = e;
      slots[i] = older;
      return older.findings;
    }
    return null;
  }

  void put(
      String value, @Nullable String parameter, WebValue.Source source, List<Finding> findings) {
    if (value.length() <= MAX_CHARS) {
      int i = slot(value, parameter, source);
      slots[i + 1] = slots[i];
      slots[i] = new Entry(value, parameter, source, findings);
    }
  }
}
