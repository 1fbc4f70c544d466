package dev.mimamori.model;

import java.util.Locale;

/**
 * Where an incident stands in its life: {@code new → acknowledged → contained → resolved}, or
 * {@code false_positive}. A closed incident takes no more alerts; a new alert on the same attack
 * opens a fresh one.
 */
public enum IncidentStatus {
  NEW,
  ACKNOWLEDGED,
  CONTAINED,
  RESOLVED,
  FALSE_POSITIVE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentStatus parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (t.equals("open")) {
      return NEW; // the name before the lifecycle had more steps
    }
    for (IncidentStatus s : values()) {
      if (s.label().equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown incident status '"
            + text
            + "' (expected new, acknowledged, contained, resolved or false_positive)");
  }

  /** Resolved or a false positive: no escalation, no more alerts joining. */
  public boolean isClosed() {
    return this == RESOLVED || this == FALSE_POSITIVE;
  }

  /** Whether a person has taken it: escalation stops from acknowledged on. */
  public boolean isAcknowledged() {
    return this != NEW;
  }
}
