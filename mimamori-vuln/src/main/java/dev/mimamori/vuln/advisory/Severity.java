package dev.mimamori.vuln.advisory;

import java.util.Locale;

/** CVSS's qualitative ratings, lowest first. */
public enum Severity {
  UNKNOWN,
  NONE,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** From a CVSS base score (0.0-10.0). */
  public static Severity ofScore(double score) {
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    if (score >= 4.0) {
      return MEDIUM;
    }
    return score > 0.0 ? LOW : NONE;
  }

  /** From a source's word: {@code MODERATE}, {@code Medium}, {@code 警告}... */
  public static Severity ofWord(String word) {
    return switch (word.strip().toUpperCase(Locale.ROOT)) {
      case "CRITICAL", "緊急" -> CRITICAL;
      case "HIGH", "IMPORTANT", "重要" -> HIGH;
      case "MEDIUM", "MODERATE", "警告" -> MEDIUM;
      case "LOW", "注意" -> LOW;
      case "NONE" -> NONE;
      default -> UNKNOWN;
    };
  }
}
