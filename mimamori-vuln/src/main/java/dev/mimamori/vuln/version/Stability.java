package dev.mimamori.vuln.version;

/**
 * Composer's stabilities in their order. {@code PATCH} ({@code -pN}, {@code -plN}, {@code -patchN})
 * comes after the release itself: EC-CUBE's 4.0.6-p3 is newer than 4.0.6.
 */
public enum Stability {
  DEV,
  ALPHA,
  BETA,
  RC,
  STABLE,
  PATCH;

  static Stability of(String suffix) {
    return switch (suffix.toLowerCase(java.util.Locale.ROOT)) {
      case "dev" -> DEV;
      case "alpha", "a" -> ALPHA;
      case "beta", "b" -> BETA;
      case "rc" -> RC;
      case "stable", "" -> STABLE;
      case "p", "pl", "patch" -> PATCH;
      default -> throw new InvalidVersionException("unknown version suffix: " + suffix);
    };
  }
}
