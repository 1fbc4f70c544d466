package dev.mimamori.detect;

import java.util.Locale;

/**
 * Decodes attacker-controlled text for matching: {@code +} to space and percent escapes (UTF-8,
 * {@code %uXXXX}, Shift_JIS and overlong forms as {@code WebDecoder} reads them), applied until
 * nothing changes (at most three layers, so double encoding does not hide a payload), then lower
 * case. Linear in the input per layer; invalid escapes are kept as written.
 */
public final class DetectionText {
  private static final int MAX_LAYERS = 3;

  private DetectionText() {}

  public static String normalize(String raw) {
    if (isNormal(raw)) {
      return raw; // one pass instead of the decoder's and the lower-casing's
    }
    return decode(raw).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@link #normalize} gives {@code s} itself: no percent escape or plus sign to decode, no
   * capital and nothing beyond ASCII to lower-case.
   */
  public static boolean isNormal(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '%' || c == '+' || (c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
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

  /**
   * One layer of percent decoding with {@code +} as space: the web analyzers' decoder ({@link
   * dev.mimamori.detect.web.WebDecoder#percentDecode}), so rules and analyzers read a value alike.
   */
  static String percentDecode(String s) {
    return dev.mimamori.detect.web.WebDecoder.percentDecode(s, true);
  }
}
