package dev.mimamori.incidents;

import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One alert joining (or opening) an incident, saved in one transaction: the alert, the incident
 * row, the entities it adds for grouping, its timeline entries and the notifications to send.
 */
public record IncidentChange(
    Alert alert,
    Incident incident,
    boolean isNew,
    Set<String> entities,
    List<TimelineEntry> entries,
    List<OutboxMessage> outbox) {
  public IncidentChange {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(incident, "incident");
    if (!alert.tenant().equals(incident.tenant())) {
      throw new IllegalArgumentException("alert and incident belong to different tenants");
    }
    entities = Set.copyOf(entities);
    entries = List.copyOf(entries);
    outbox = List.copyOf(outbox);
  }
}
