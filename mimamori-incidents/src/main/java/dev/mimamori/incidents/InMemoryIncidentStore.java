package dev.mimamori.incidents;

import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An {@link IncidentStore} in memory, for the offline {@code analyze} command and tests. */
public final class InMemoryIncidentStore implements IncidentStore {
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final Map<String, Set<String>> entities = new LinkedHashMap<>();
  private final List<Alert> alerts = new ArrayList<>();
  private final Set<String> alertKeys = new HashSet<>();
  private final Map<String, List<TimelineEntry>> timelines = new LinkedHashMap<>();
  private final List<OutboxMessage> outbox = new ArrayList<>();

  @Override
  public synchronized Optional<Incident> findOpen(
      String tenant,
      String asset,
      Set<String> wanted,
      Instant notBefore,
      boolean chain,
      Instant chainNotBefore) {
    List<Incident> open =
        incidents.values().stream()
            .filter(i -> i.tenant().equals(tenant) && i.asset().equals(asset))
            .filter(i -> !i.status().isClosed())
            .sorted(Comparator.comparing(Incident::lastSeen).reversed())
            .toList();
    Optional<Incident> sharing =
        open.stream()
            .filter(i -> !i.lastSeen().isBefore(notBefore))
            .filter(
                i -> wanted.stream().anyMatch(entities.getOrDefault(i.id(), Set.of())::contains))
            .findFirst();
    if (sharing.isPresent() || !chain) {
      return sharing;
    }
    return open.stream()
        .filter(i -> i.chainStage() > 0 && !i.lastSeen().isBefore(chainNotBefore))
        .findFirst();
  }

  @Override
  public synchronized void record(IncidentChange change) {
    Incident incident = change.incident();
    incidents.put(incident.id(), incident);
    entities.computeIfAbsent(incident.id(), k -> new HashSet<>()).addAll(change.entities());
    alerts.add(change.alert());
    alertKeys.add(change.alert().tenant() + '\u0000' + change.alert().id());
    timelines.computeIfAbsent(incident.id(), k -> new ArrayList<>()).addAll(change.entries());
    outbox.addAll(change.outbox());
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

  /** The notifications written, in order. */
  public synchronized List<OutboxMessage> outbox() {
    return List.copyOf(outbox);
  }

  /** Replaces an incident as a person would (a status change), for tests. */
  public synchronized void put(Incident incident) {
    incidents.put(incident.id(), incident);
  }
}
