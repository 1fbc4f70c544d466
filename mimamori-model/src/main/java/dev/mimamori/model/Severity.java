package dev.mimamori.model;

import java.util.Locale;

/** How urgent a finding is, ordered from least to most. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** The lower-case name used in JSON, the database and rule files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code info|low|medium|high|critical} in any case. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "' (expected info, low, medium, high or critical)", e);
    }
  }

  public Severity max(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * One step more urgent, up to critical: an attack chain that advances is worse than its parts.
   */
  public Severity raised() {
    return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
  }
}
