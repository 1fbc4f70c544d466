package dev.mimamori.incidents.notify;

import dev.mimamori.model.Incident;

/**
 * Something a human should hear about.
 *
 * @param kind why: a new incident, or one that became more severe
 * @param incident the incident as it is now
 */
public record Notification(Kind kind, Incident incident) {
  public enum Kind {
    INCIDENT_OPENED,
    INCIDENT_ESCALATED
  }
}
