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
}
