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

  /**
   * One layer of percent decoding with {@code +} as space: the web analyzers' decoder ({@link
   * dev.mimamori.detect.web.WebDecoder#percentDecode}), so rules and analyzers read a value alike.
   */
  static String percentDecode(String s) {
    return dev.mimamori.detect.web.WebDecoder.percentDecode(s, true);
  }
}
