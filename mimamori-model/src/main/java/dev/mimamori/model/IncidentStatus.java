package dev.mimamori.model;

import java.util.Locale;

/** Where an incident stands in its life. */
public enum IncidentStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentStatus parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown incident status '" + text + "' (expected open, acknowledged or resolved)", e);
    }
  }

  public boolean isClosed() {
    return this == RESOLVED;
  }
}
