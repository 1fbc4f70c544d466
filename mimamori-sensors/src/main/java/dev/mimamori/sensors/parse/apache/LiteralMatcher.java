package dev.mimamori.sensors.parse.apache;

/** Literal text of the format, which the line must repeat exactly. */
final class LiteralMatcher extends Matcher {
  final String text;

  LiteralMatcher(String text) {
    this.text = text;
  }

  @Override
  int match(String line, int pos, Captured into) {
    if (line.startsWith(text, pos)) {
      return pos + text.length();
    }
    return into.fail("expected '" + printable(text) + "' at column " + (pos + 1));
  }

  static String printable(String s) {
    return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }
}
