package dev.mimamori.detect.sigma;

/** Text helpers shared by matching and the prefilter, which must agree on them exactly. */
final class Text {
  private Text() {}

  /**
   * Lower case, char by char ({@link Character#toLowerCase(char)}), never by locale or context: a
   * value that contains a literal then always contains the literal's lower case at the same place,
   * which the prefilter relies on (String.toLowerCase folds some letters by context).
   */
  static String lower(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && lower(s.charAt(i)) == s.charAt(i)) {
      i++;
    }
    if (i == n) {
      return s;
    }
    char[] out = s.toCharArray();
    for (; i < n; i++) {
      out[i] = lower(out[i]);
    }
    return new String(out);
  }

  /**
   * Whether {@code lower(text)} contains {@code word} (lower-cased already), without making the
   * lower-cased copy: each character is lower-cased as it is compared, as {@link #lower(String)}
   * does it.
   */
  static boolean containsLower(String text, String word) {
    int m = word.length();
    if (m == 0) {
      return true;
    }
    char first = word.charAt(0);
    for (int i = 0, last = text.length() - m; i <= last; i++) {
      if (lower(text.charAt(i)) != first) {
        continue;
      }
      int j = 1;
      while (j < m && lower(text.charAt(i + j)) == word.charAt(j)) {
        j++;
      }
      if (j == m) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link Character#toLowerCase(char)}, with ASCII (nearly every character of a log) inline, and
   * the long s as {@code s}: Unicode case folding (and RE2's case-insensitive matching) takes it
   * for an {@code s}, as it takes the Kelvin sign, which lower-casing already makes a {@code k},
   * for a {@code k}. So an ASCII word found in a case-insensitive match is found in the lower-cased
   * text.
   */
  static char lower(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return c == '\u017f' ? 's' : Character.toLowerCase(c);
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
