package dev.mimamori.detect.behaviour;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Checks of the settings the behaviour rules share, with the messages rule authors see. */
final class Settings {
  static final Duration MAX_WINDOW = Duration.ofDays(1);
  static final int MAX_EVIDENCE = 10_000;
  static final int DEFAULT_MAX_EVIDENCE = 500;

  private Settings() {}

  static long window(@Nullable Duration window, String name) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must be a positive duration such as 60s");
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("'" + name + "' must be at most 1d");
    }
    return window.toMillis();
  }

  static int maxEvidence(@Nullable Integer maxEvidence) {
    if (maxEvidence == null) {
      return DEFAULT_MAX_EVIDENCE;
    }
    if (maxEvidence < 1 || maxEvidence > MAX_EVIDENCE) {
      throw new IllegalArgumentException("'max_evidence' must be between 1 and " + MAX_EVIDENCE);
    }
    return maxEvidence;
  }

  static List<String> groupBy(@Nullable List<String> groupBy) {
    if (groupBy == null) {
      return List.of();
    }
    for (String f : groupBy) {
      if (f == null || f.isBlank()) {
        throw new IllegalArgumentException("'group_by' lists a blank field");
      }
    }
    return List.copyOf(groupBy);
  }
}
