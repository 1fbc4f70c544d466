package dev.mimamori.server.report;

/**
 * Makes text from outside safe to show and to put into XHTML: control characters, zero-width and
 * bidirectional marks and other invisible format characters become a visible {@code <U+202E>}-like
 * marker (so a reversed file name reads as what it is), and what XML cannot hold (lone surrogates,
 * U+FFFE, U+FFFF) becomes U+FFFD. Escaping for HTML is the template engine's job.
 */
public final class VisibleText {
  private VisibleText() {}

  /** The text, clipped to {@code max} characters, with every invisible character shown. */
  public static String of(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
    int i = 0;
    while (i < s.length() && b.length() < max) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) {
        b.append('\uFFFD');
      } else if (invisible(cp)) {
        b.append(String.format("<U+%04X>", cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    return i < s.length() ? b.append('…').toString() : b.toString();
  }

  private static boolean invisible(int cp) {
    return dev.mimamori.server.web.VisibleText.hidden(cp); // the console's rule
  }
}
