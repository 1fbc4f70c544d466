package dev.mimamori.incidents.outbox;

import dev.mimamori.incidents.Correlation;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import java.util.List;

/**
 * Decides who hears about an incident change: which channels, in which language, and when. Its
 * messages are stored in the same transaction as the change. The default tells nobody.
 */
public interface NotificationPlanner {
  NotificationPlanner NONE = new NotificationPlanner() {};

  /** Messages for an alert that opened, escalated or summed up an incident. */
  default List<OutboxMessage> onCorrelation(Correlation c) {
    return List.of();
  }

  /** Messages for a person's status change. */
  default List<OutboxMessage> onStatusChange(Incident incident, IncidentStatus from, String actor) {
    return List.of();
  }
}
