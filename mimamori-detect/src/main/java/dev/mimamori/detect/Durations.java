package dev.mimamori.detect;

import java.time.Duration;

/**
 * Durations as people write them in rule files: {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String t = text.trim();
    if (t.length() < 2) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "' (expected e.g. 30s, 10m, 1h, 2d)");
    }
    char unit = t.charAt(t.length() - 1);
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "' (expected e.g. 30s, 10m, 1h, 2d)", e);
    }
    if (n < 0) {
      throw new IllegalArgumentException("duration must not be negative: '" + text + "'");
    }
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default ->
          throw new IllegalArgumentException(
              "bad duration unit in '" + text + "' (use s, m, h or d)");
    };
  }
}
