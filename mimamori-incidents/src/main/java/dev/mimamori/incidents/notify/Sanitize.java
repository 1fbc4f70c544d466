package dev.mimamori.incidents.notify;

/** Makes attacker-influenced text safe for a terminal or a log line. */
public final class Sanitize {
  private Sanitize() {}

  /** Replaces control characters (newlines, ESC, ...) so one value stays on one line. */
  public static String oneLine(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control) {
        if (b == null) {
          b = new StringBuilder(s.length());
          b.append(s, 0, i);
        }
        b.append('?');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * Cuts text to at most {@code max} UTF-16 units, ending in "…" when it was cut. A surrogate pair
   * is never split, so the result is always well-formed where the input was.
   */
  public static String clip(String s, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
