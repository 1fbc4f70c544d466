package dev.mimamori.incidents;

import dev.mimamori.model.Incident;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What the correlator needs from persistence. The store module implements it for SQL. */
public interface IncidentStore {

  /**
   * The most recently active open incident on this shop whose last alert is not before {@code
   * notBefore} and that shares one of {@code entities}; or, when none does and {@code chain} is
   * set, the most recent open incident on the shop that has reached a stage of the attack chain
   * (and was active since {@code chainNotBefore}). Without its timeline.
   */
  Optional<Incident> findOpen(
      String tenant,
      String asset,
      Set<String> entities,
      Instant notBefore,
      boolean chain,
      Instant chainNotBefore);

  /** Saves one alert's change in one transaction. */
  void record(IncidentChange change);

  /** Whether an alert with this id is stored for the tenant. */
  boolean hasAlert(String tenant, String alertId);
}
