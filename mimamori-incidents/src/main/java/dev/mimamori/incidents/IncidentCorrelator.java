package dev.mimamori.incidents;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Groups alerts into one incident per attack on a shop. In an attack like the EC-CUBE skimming case
 * the steps come from different addresses (the attacker's, then the admin's own browser acting for
 * the attacker), so the key is the shop, not the address: alerts on the same tenant and asset join
 * the open incident while they arrive within {@code window} of its last alert (event time). Not
 * thread-safe: one correlator per pipeline.
 */
public final class IncidentCorrelator {
  /** Cap so that a flood of alerts cannot grow one incident's observables without bound. */
  static final int MAX_OBSERVABLES = 500;

  private final IncidentStore store;
  private final Duration window;
  private final Supplier<String> ids;

  public IncidentCorrelator(IncidentStore store, Duration window) {
    this(store, window, () -> UUID.randomUUID().toString());
  }

  public IncidentCorrelator(IncidentStore store, Duration window, Supplier<String> ids) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the correlation window must be positive");
    }
    this.store = store;
    this.window = window;
    this.ids = ids;
  }

  public static String correlationKey(Alert alert) {
    return "asset:" + alert.asset();
  }

  /**
   * Whether this alert is stored already: alert ids are derived from the rule and the line that
   * fired it, so a line read again after a crash gives the same id.
   */
  public boolean seenBefore(Alert alert) {
    return store.hasAlert(alert.tenant(), alert.id());
  }

  public Correlation accept(Alert alert) {
    String key = correlationKey(alert);
    Optional<Incident> open =
        store
            .findOpen(alert.tenant(), key)
            .filter(i -> !alert.timestamp().isAfter(i.lastSeen().plus(window)));
    if (open.isEmpty()) {
      Incident created =
          new Incident(
              ids.get(),
              alert.tenant(),
              alert.asset(),
              titleFor(alert.title(), alert.asset()),
              IncidentStatus.NEW,
              alert.severity(),
              1,
              alert.timestamp(),
              alert.timestamp(),
              List.of(),
              cap(alert.observables()));
      Alert linked = alert.withIncident(created.id());
      store.record(linked, created, key, true, entryFor(linked));
      return new Correlation(linked, created, true, false);
    }
    Incident current = open.get();
    Severity severity = current.severity().max(alert.severity());
    boolean escalated = severity.compareTo(current.severity()) > 0;
    Set<Observable> observables = new TreeSet<>(current.observables());
    observables.addAll(alert.observables());
    Instant first =
        alert.timestamp().isBefore(current.firstSeen()) ? alert.timestamp() : current.firstSeen();
    Instant last =
        alert.timestamp().isAfter(current.lastSeen()) ? alert.timestamp() : current.lastSeen();
    Incident updated =
        new Incident(
            current.id(),
            current.tenant(),
            current.asset(),
            escalated ? titleFor(alert.title(), alert.asset()) : current.title(),
            current.status(),
            severity,
            current.alertCount() + 1,
            first,
            last,
            List.of(),
            cap(observables));
    Alert linked = alert.withIncident(updated.id());
    store.record(linked, updated, key, false, entryFor(linked));
    return new Correlation(linked, updated, false, escalated);
  }

  private static String titleFor(String alertTitle, String asset) {
    return alertTitle + " on " + asset;
  }

  private static TimelineEntry entryFor(Alert a) {
    String who = a.sourceIp() == null ? "" : " from " + a.sourceIp();
    return new TimelineEntry(
        a.timestamp(), "alert", "[" + a.severity().label() + "] " + a.title() + who, a.id());
  }

  private static Set<Observable> cap(Set<Observable> in) {
    if (in.size() <= MAX_OBSERVABLES) {
      return in;
    }
    TreeSet<Observable> out = new TreeSet<>();
    for (Observable o : in) {
      if (out.size() >= MAX_OBSERVABLES) {
        break;
      }
      out.add(o);
    }
    return out;
  }
}
