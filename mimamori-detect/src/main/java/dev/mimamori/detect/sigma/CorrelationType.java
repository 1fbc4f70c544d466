package dev.mimamori.detect.sigma;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The correlation types mimamori runs. */
public enum CorrelationType {
  /** Events per group in the timespan. */
  EVENT_COUNT,
  /** Distinct values of a field per group in the timespan. */
  VALUE_COUNT,
  /** Every referenced rule matched in the group within the timespan, in any order. */
  TEMPORAL,
  /** As {@link #TEMPORAL}, in the order the rules are listed. */
  TEMPORAL_ORDERED;

  static @Nullable CorrelationType parse(String s) {
    for (CorrelationType t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(s)) {
        return t;
      }
    }
    return null;
  }
}
