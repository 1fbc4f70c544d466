package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link IncidentStore} in memory, for the offline {@code analyze} command and tests. */
public final class InMemoryIncidentStore implements IncidentStore {
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final Map<String, String> keys = new LinkedHashMap<>();
  private final List<Alert> alerts = new ArrayList<>();
  private final java.util.Set<String> alertKeys = new java.util.HashSet<>();
  private final Map<String, List<TimelineEntry>> timelines = new LinkedHashMap<>();

  @Override
  public synchronized Optional<Incident> findOpen(String tenant, String correlationKey) {
    return incidents.values().stream()
        .filter(i -> i.tenant().equals(tenant))
        .filter(i -> correlationKey.equals(keys.get(i.id())))
        .filter(i -> !i.status().isClosed())
        .reduce((a, b) -> b);
  }

  @Override
  public synchronized void record(
      Alert alert, Incident incident, String correlationKey, boolean isNew, TimelineEntry entry) {
    incidents.put(incident.id(), incident);
    keys.put(incident.id(), correlationKey);
    alerts.add(alert);
    alertKeys.add(alert.tenant() + '\u0000' + alert.id());
    timelines.computeIfAbsent(incident.id(), k -> new ArrayList<>()).add(entry);
  }

  @Override
  public synchronized boolean hasAlert(String tenant, String alertId) {
    return alertKeys.contains(tenant + '\u0000' + alertId);
  }

  /** Incidents with their timelines, in the order they were opened. */
  public synchronized List<Incident> incidents() {
    return incidents.values().stream()
        .map(i -> i.withTimeline(timelines.getOrDefault(i.id(), List.of())))
        .toList();
  }

  public synchronized List<Alert> alerts() {
    return List.copyOf(alerts);
  }
}
