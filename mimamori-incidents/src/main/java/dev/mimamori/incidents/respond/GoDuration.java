package dev.mimamori.incidents.respond;

import java.time.Duration;

/**
 * Durations written as Go's {@code time.Duration.String()} writes them ({@code 3h59m58s}, {@code
 * 1m0.5s}, {@code 500ms}, {@code -2s}), which is what CrowdSec's bouncers parse.
 */
public final class GoDuration {
  private GoDuration() {}

  public static String format(Duration d) {
    long n;
    try {
      n = d.toNanos();
    } catch (ArithmeticException tooLong) {
      n = d.isNegative() ? -Long.MAX_VALUE : Long.MAX_VALUE; // Go's limit: about 292 years
    }
    if (n == 0) {
      return "0s";
    }
    String sign = n < 0 ? "-" : "";
    long u = n == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(n);
    if (u < 1_000L) {
      return sign + u + "ns";
    }
    if (u < 1_000_000L) {
      return sign + fraction(u, 1_000L, 3) + "\u00b5s";
    }
    if (u < 1_000_000_000L) {
      return sign + fraction(u, 1_000_000L, 6) + "ms";
    }
    long secs = u / 1_000_000_000L;
    String s = fraction(u % 60_000_000_000L, 1_000_000_000L, 9) + "s";
    long h = secs / 3600;
    long m = secs % 3600 / 60;
    if (h > 0) {
      return sign + h + "h" + m + "m" + s;
    }
    if (m > 0) {
      return sign + m + "m" + s;
    }
    return sign + s;
  }

  /** {@code value / unit} with its fraction, trailing zeros dropped. */
  private static String fraction(long value, long unit, int digits) {
    long whole = value / unit;
    long frac = value % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String f = String.format("%0" + digits + "d", frac).replaceFirst("0+$", "");
    return whole + "." + f;
  }
}
