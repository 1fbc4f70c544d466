package dev.mimamori.detect.web;

/** Short, printable excerpts of attacker text for alert messages. */
final class Evidence {
  static final int BEFORE = 24;
  static final int MAX = 120;

  private Evidence() {}

  /**
   * Up to about {@link #MAX} characters starting a little before {@code at}, controls escaped, and
   * an ellipsis at each end that was cut.
   */
  static String around(String text, int at) {
    int from = Math.max(0, Math.min(at, text.length()) - BEFORE);
    int to = Math.min(text.length(), from + MAX);
    StringBuilder b = new StringBuilder(to - from + 8);
    if (from > 0) {
      b.append('…');
    }
    for (int i = from; i < to && b.length() < MAX; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (to < text.length()) {
      b.append('…');
    }
    return b.toString();
  }
}
