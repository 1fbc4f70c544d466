package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import java.util.Optional;

/** What the correlator needs from persistence. The store module implements it for SQL. */
public interface IncidentStore {

  /** The open (not resolved) incident for a correlation key, without its timeline. */
  Optional<Incident> findOpen(String tenant, String correlationKey);

  /**
   * Saves an alert and its incident in one transaction: inserts the incident when {@code isNew},
   * updates it otherwise, and appends the timeline entry.
   */
  void record(
      Alert alert, Incident incident, String correlationKey, boolean isNew, TimelineEntry entry);

  /** Whether an alert with this id is stored for the tenant. */
  boolean hasAlert(String tenant, String alertId);
}
