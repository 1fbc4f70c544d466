package dev.mimamori.sensors.parse;

/**
 * Masks payment card numbers to first-6/last-4 before text is stored anywhere. A candidate is a run
 * of 13 to 19 digits, optionally separated by single spaces or dashes (also written as {@code %20}
 * or {@code +}), that passes the Luhn check and starts with a known brand prefix; when a longer run
 * is not a card, its leading groups are tried, so a card followed by more digits is still found. A
 * digit right after a percent escape ({@code %20}, {@code %22}) may start a card. One left-to-right
 * pass, linear in the input.
 */
public final class CardMasker {
  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  private CardMasker() {}

  /** The text with every card number masked; the same instance when there is none. */
  public static String mask(String text) {
    if (!hasLongDigitRun(text)) {
      return text; // the common case: no run of 13 digits (separators allowed), so no card
    }
    return maskRuns(text);
  }

  /** {@link #mask} without the quick check: walks every digit run. */
  static String maskRuns(String text) {
    StringBuilder out = null;
    int[] positions = new int[MAX_DIGITS + 1];
    int n = text.length();
    int i = 0;
    int copiedUpTo = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!isDigit(c) || (i > 0 && isDigit(text.charAt(i - 1)) && !followsPercentEscape(text, i))) {
        i++;
        continue;
      }
      // Collect a digit run with allowed separators, remembering where each digit sits.
      int count = 0;
      int j = i;
      int lastDigitEnd = i;
      while (j < n && count <= MAX_DIGITS) {
        char d = text.charAt(j);
        if (isDigit(d)) {
          positions[count++] = j;
          j++;
          lastDigitEnd = j;
          continue;
        }
        int sep = separatorLength(text, j);
        if (sep > 0 && j + sep < n && isDigit(text.charAt(j + sep))) {
          j += sep;
          continue;
        }
        break;
      }
      // The whole run, or else the longest leading groups of it (a card followed by more digits,
      // e.g. "4111 1111 1111 1111 12 25"), may be the card.
      boolean masked = false;
      for (int len = Math.min(count, MAX_DIGITS); len >= MIN_DIGITS; len--) {
        boolean endsGroup =
            len == count
                ? lastDigitEnd >= n || !isDigit(text.charAt(lastDigitEnd))
                : positions[len] != positions[len - 1] + 1;
        if (!endsGroup) {
          continue;
        }
        char[] digits = new char[len];
        for (int k = 0; k < len; k++) {
          digits[k] = text.charAt(positions[k]);
        }
        if (luhn(digits) && knownBrand(digits)) {
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(text, copiedUpTo, i);
          for (int k = 0; k < len; k++) {
            boolean keep = k < 6 || k >= len - 4;
            out.append(keep ? digits[k] : '*');
            if (k + 1 < len) {
              out.append(text, positions[k] + 1, positions[k + 1]);
            }
          }
          int end = positions[len - 1] + 1;
          copiedUpTo = end;
          i = end;
          masked = true;
          break;
        }
      }
      if (masked) {
        continue;
      }
      // Not a card from here: a card may still start at the next digit group of this run.
      i++;
    }
    if (out == null) {
      return text;
    }
    out.append(text, copiedUpTo, n);
    return out.toString();
  }

  /**
   * Whether some run of digits, joined by the separators a card may have, holds at least 13 digits:
   * the same runs {@link #mask} walks, counted without collecting them. Such a run spans at least
   * 13 characters, none of which can break a run, so the scan reads the 13 characters from {@code
   * i} backwards from the last and jumps past the first breaker it meets (as Boyer-Moore skips):
   * most characters of a log line are never looked at, and none twice by that reading.
   */
  static boolean hasLongDigitRun(String s) {
    int n = s.length();
    int i = 0;
    int clean = -1; // no character from i to clean breaks a run
    while (i + MIN_DIGITS <= n) {
      int last = i + MIN_DIGITS - 1;
      if (last > clean) {
        // The last character that breaks a run among the next thirteen, read from the end: no run
        // of thirteen starts at or before it. Each character is read here once.
        int b = last;
        int stop = Math.max(i, clean + 1);
        while (b >= stop && !breaksRun(s.charAt(b))) {
          b--;
        }
        clean = last;
        if (b >= stop) {
          i = b + 1;
          continue;
        }
      }
      if (!isDigit(s.charAt(i))) {
        i++; // a run starts with a digit
        continue;
      }
      int count = 0;
      // Read from its first %20 on, the run counts the escape's own two digits: the full scan may
      // start a run there, so the quick check counts that run too.
      int fromEscape = Integer.MIN_VALUE;
      int j = i;
      while (j < n) {
        char c = s.charAt(j);
        if (isDigit(c)) {
          if (++count >= MIN_DIGITS || ++fromEscape >= MIN_DIGITS) {
            return true;
          }
          j++;
          continue;
        }
        int sep = separatorLength(s, j);
        if (sep > 0 && j + sep < n && isDigit(s.charAt(j + sep))) {
          if (sep == 3 && fromEscape < 0 && s.charAt(j + 2) == '0') {
            fromEscape = 2; // "20"; a run started in "%2d" ends at the "d"
          }
          j += sep;
          continue;
        }
        break;
      }
      i = j + 1;
    }
    return false;
  }

  /** A character no card run can contain: not a digit, nor part of a separator. */
  private static boolean breaksRun(char c) {
    return !isDigit(c) && c != ' ' && c != '-' && c != '+' && c != '%' && c != 'd' && c != 'D';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether {@code at} directly follows a percent escape such as {@code %20} or {@code %22}. */
  private static boolean followsPercentEscape(String s, int at) {
    return at >= 3 && s.charAt(at - 3) == '%' && isHex(s.charAt(at - 2)) && isHex(s.charAt(at - 1));
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int separatorLength(String s, int at) {
    char c = s.charAt(at);
    if (c == ' ' || c == '-' || c == '+') {
      return 1;
    }
    if (c == '%' && at + 2 < s.length() && s.charAt(at + 1) == '2') {
      char h = s.charAt(at + 2);
      if (h == '0' || h == 'd' || h == 'D') {
        return 3;
      }
    }
    return 0;
  }

  static boolean luhn(char[] digits) {
    int sum = 0;
    boolean dbl = false;
    for (int k = digits.length - 1; k >= 0; k--) {
      int d = digits[k] - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay. */
  static boolean knownBrand(char[] d) {
    int two = (d[0] - '0') * 10 + (d[1] - '0');
    int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int len = d.length;
    if (d[0] == '4') {
      return len == 13 || len == 16 || len == 19;
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return len == 16;
    }
    if (two == 34 || two == 37) {
      return len == 15;
    }
    if (four == 6011 || two == 65 || (four >= 6440 && four <= 6499)) {
      return len >= 16;
    }
    if (four >= 3528 && four <= 3589) {
      return len >= 16;
    }
    if (two == 36 || two == 38 || two == 39 || (four >= 3000 && four <= 3059)) {
      return len >= 14;
    }
    if (two == 62) {
      return len >= 16;
    }
    return false;
  }
}
