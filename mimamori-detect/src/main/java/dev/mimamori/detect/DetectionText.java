package dev.mimamori.detect;

import java.util.Locale;

/**
 * Decodes attacker-controlled text for matching: {@code +} to space and percent escapes, applied
 * until nothing changes (at most three layers, so double encoding does not hide a payload), then
 * lower case. Linear in the input per layer; invalid escapes are kept as written.
 */
public final class DetectionText {
  private static final int MAX_LAYERS = 3;

  private DetectionText() {}

  public static String normalize(String raw) {
    return decode(raw).toLowerCase(Locale.ROOT);
  }

  /**
   * {@link #normalize} without the lower-casing, for case-sensitive matching (Sigma's {@code re}
   * and {@code cased}).
   */
  public static String decode(String raw) {
    String s = raw;
    for (int i = 0; i < MAX_LAYERS; i++) {
      String d = percentDecode(s);
      if (d.equals(s)) {
        break;
      }
      s = d;
    }
    return s;
  }

  /** One layer of percent decoding, UTF-8 aware, with {@code +} as space and {@code %uXXXX}. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    byte[] pending = new byte[s.length()];
    int np = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        pending[np++] = (byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
        continue;
      }
      if (np > 0) {
        out.append(new String(pending, 0, np, java.nio.charset.StandardCharsets.UTF_8));
        np = 0;
      }
      if (c == '%'
          && i + 5 < n
          && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
          && hex(s.charAt(i + 2)) >= 0
          && hex(s.charAt(i + 3)) >= 0
          && hex(s.charAt(i + 4)) >= 0
          && hex(s.charAt(i + 5)) >= 0) {
        out.append(
            (char)
                ((hex(s.charAt(i + 2)) << 12)
                    | (hex(s.charAt(i + 3)) << 8)
                    | (hex(s.charAt(i + 4)) << 4)
                    | hex(s.charAt(i + 5))));
        i += 5;
        continue;
      }
      out.append(c == '+' ? ' ' : c);
    }
    if (np > 0) {
      out.append(new String(pending, 0, np, java.nio.charset.StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
