package dev.mimamori.model;

import org.jspecify.annotations.Nullable;

/**
 * One instance for each text seen lately: an event built by a parser (or {@link Event.Builder})
 * holds the kept instance of an address, path, referrer or user agent that came before, so the
 * detection caches downstream find its hash already computed and compare it by identity (logs
 * repeat these values request after request; a fresh string per line had each of its characters
 * hashed, and compared again by every cache that kept it).
 *
 * <p>Two levels. Per thread and field, the text the last line gave ({@link OnThread}): a visitor's
 * requests come one after another with the same address, referrer and user agent (about six lines
 * in ten of ordinary traffic), compared with text still in the processor's cache. Then a table
 * shared by every thread, found by a hash of the length and at most 24 characters (the first eight,
 * the last eight and eight spread between), not of every character; its candidate is compared
 * whole. In pairs of slots (a new text replaces the one of its pair used least lately), bounded in
 * entries and in the length of a text kept. Texts that meet in a slot only cost a miss: the answer
 * is always a string equal to the one asked about. Without locks: a slot holds a string or nothing,
 * and a string is safely published by its final fields, so a race loses a kept text at worst.
 */
public final class RecentTexts {
  static final int SLOTS = 16_384;

  /** Longer texts are not kept: at most SLOTS × 512 characters are held. */
  static final int MAX_CHARS = 512;

  private static final @Nullable String[] SHARED = new String[SLOTS];

  private static final ThreadLocal<OnThread> ON_THREAD = ThreadLocal.withInitial(OnThread::new);

  private RecentTexts() {}

  /** A string equal to {@code text}: the one kept from before when there is one. */
  public static String canonical(String text) {
    int n = text.length();
    if (n == 0 || n > MAX_CHARS) {
      return text;
    }
    int i = slot(text, n);
    @Nullable String[] slots = SHARED;
    String first = slots[i];
    if (first != null && first.equals(text)) {
      return first;
    }
    String second = slots[i + 1];
    if (second != null && second.equals(text)) {
      // Used again: first of its pair now, so the next new text pushes out the other one.
      slots[i] = second;
      slots[i + 1] = first;
      return second;
    }
    slots[i + 1] = first;
    slots[i] = text;
    return text;
  }

  /** The texts of this thread's last line; for the calling thread only. */
  public static OnThread onThisThread() {
    return ON_THREAD.get();
  }

  /** The text of the last line per field, for one thread: see {@link RecentTexts}. */
  public static final class OnThread {
    /** Fields a caller may number, 0 to FIELDS - 1; the first four are named below. */
    public static final int FIELDS = 8;

    public static final int ADDRESS = 0;
    public static final int PATH = 1;
    public static final int REFERRER = 2;
    public static final int USER_AGENT = 3;

    private final @Nullable String[] last = new String[FIELDS];

    private OnThread() {}

    /**
     * A string equal to {@code text}: the last one given for {@code field} (the caller's numbering,
     * 0 to {@link #FIELDS} - 1) when equal, else {@link RecentTexts#canonical}'s.
     */
    public String canonical(int field, String text) {
      String previous = last[field];
      if (previous != null && previous.equals(text)) {
        return previous;
      }
      String kept = RecentTexts.canonical(text);
      last[field] = kept.length() <= MAX_CHARS ? kept : null; // a long text is not held
      return kept;
    }
  }

  /**
   * The first slot of the pair a text of length {@code n} may sit in: a hash of the length and of
   * 24 characters at most, so a long user agent costs no more than a short one.
   */
  static int slot(String s, int n) {
    int h = n * 0x9E3779B9;
    if (n <= 24) {
      for (int k = 0; k < n; k++) {
        h = h * 31 + s.charAt(k);
      }
    } else {
      for (int k = 0; k < 8; k++) {
        h = h * 31 + s.charAt(k);
      }
      int step = (n - 16) / 9; // at least 1, and the last of the eight stays before the last eight
      for (int k = 1; k <= 8; k++) {
        h = h * 31 + s.charAt(8 + k * step);
      }
      for (int k = n - 8; k < n; k++) {
        h = h * 31 + s.charAt(k);
      }
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h & (SLOTS - 2);
  }
}
