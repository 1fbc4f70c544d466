package dev.mimamori.detect;

import com.google.re2j.Pattern;

/**
 * One regex's answers for the values it saw last: logs repeat their paths, agents and referrers
 * request after request, and RE2 reads a value a character at a time through its automaton (a
 * microsecond or more for a path), where a lookup costs a hash and a comparison. Values are kept in
 * 256 slots by hash; a value over 512 characters is searched every time. Shared by the threads that
 * prepare events without locks: an entry is immutable, and a slot read while another thread
 * replaces it only costs a search.
 */
public final class RegexMemo {
  private static final int SLOTS = 256;
  private static final int MAX_CHARS = 512;

  private record Entry(String value, boolean found) {}

  private final Pattern pattern;
  private final Entry[] slots = new Entry[SLOTS];

  public RegexMemo(Pattern pattern) {
    this.pattern = pattern;
  }

  public Pattern pattern() {
    return pattern;
  }

  /** Whether the pattern matches anywhere in {@code text}, as {@code matcher(text).find()}. */
  public boolean find(String text) {
    if (text.length() > MAX_CHARS) {
      return pattern.matcher(text).find();
    }
    int h = text.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = slots[slot];
    if (e != null && e.value.equals(text)) {
      return e.found;
    }
    boolean found = pattern.matcher(text).find();
    slots[slot] = new Entry(text, found);
    return found;
  }
}
