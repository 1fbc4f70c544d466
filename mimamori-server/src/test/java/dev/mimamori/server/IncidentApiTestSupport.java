package dev.mimamori.server;

import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Makes an incident of one alert for a tenant, straight in the store. */
final class IncidentApiTestSupport {
  private IncidentApiTestSupport() {}

  static String incidentOf(MimamoriRuntime rt, String tenant) {
    Instant at = Instant.parse("2026-11-21T05:00:00Z");
    String id = UUID.randomUUID().toString();
    Alert a =
        new Alert(
            UUID.randomUUID().toString(),
            "test-rule",
            "Test",
            "web.test",
            Severity.HIGH,
            tenant,
            "shop.example.jp",
            at,
            "203.0.113.9",
            List.of(),
            Set.of(Observable.ip("203.0.113.9")),
            id);
    Incident i =
        new Incident(
            id,
            tenant,
            "shop.example.jp",
            "Test",
            IncidentStatus.NEW,
            Severity.HIGH,
            1,
            at,
            at,
            List.of(),
            a.observables());
    rt.store()
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Set.of(),
                List.of(new TimelineEntry(at, "alert", "t", a.id())),
                List.of()));
    return id;
  }
}
