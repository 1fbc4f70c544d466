package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static final Instant T = Instant.parse("2026-11-19T18:12:00Z");
  private static final EvidenceRef REF = new EvidenceRef(T, "/log", 0, 1, "line");

  private static Alert alert(List<EvidenceRef> evidence, Set<Observable> observables) {
    return new Alert(
        "a1",
        "mm-web-xss-payload",
        "XSS",
        "web.xss",
        Severity.HIGH,
        "acme",
        "shop-1",
        T,
        "203.0.113.7",
        evidence,
        observables,
        null);
  }

  @Test
  void copiesEvidenceSoTheCallersListCannotChangeIt() {
    List<EvidenceRef> evidence = new ArrayList<>(List.of(REF));
    Alert a = alert(evidence, Set.of());

    evidence.add(new EvidenceRef(T, "/log", 10, 2, "other"));

    assertThat(a.evidence()).containsExactly(REF);
  }

  @Test
  void evidenceIsReadOnly() {
    Alert a = alert(List.of(REF), Set.of());

    assertThatThrownBy(() -> a.evidence().add(REF))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copiesObservablesSoTheCallersSetCannotChangeThem() {
    Set<Observable> obs = new LinkedHashSet<>(List.of(Observable.ip("203.0.113.7")));
    Alert a = alert(List.of(), obs);

    obs.add(Observable.url("/x"));

    assertThat(a.observables()).containsExactly(Observable.ip("203.0.113.7"));
  }

  @Test
  void observablesAreReadOnly() {
    Alert a = alert(List.of(), Set.of(Observable.ip("203.0.113.7")));

    assertThatThrownBy(() -> a.observables().add(Observable.url("/x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsObservablesSorted() {
    Set<Observable> obs = new LinkedHashSet<>();
    obs.add(Observable.url("/b"));
    obs.add(Observable.ip("203.0.113.7"));
    obs.add(Observable.url("/a"));

    Alert a = alert(List.of(), obs);

    assertThat(a.observables())
        .containsExactly(Observable.ip("203.0.113.7"), Observable.url("/a"), Observable.url("/b"));
  }

  @Test
  void withIncidentSetsTheIncidentAndKeepsEverythingElse() {
    Alert a = alert(List.of(REF), Set.of(Observable.ip("203.0.113.7")));

    Alert linked = a.withIncident("inc-1");

    assertThat(linked.incidentId()).isEqualTo("inc-1");
    assertThat(linked).usingRecursiveComparison().ignoringFields("incidentId").isEqualTo(a);
    assertThat(a.incidentId()).isNull();
  }

  @Test
  void refusesNullSeverity() {
    assertThatThrownBy(
            () ->
                new Alert(
                    "a1", "r", "t", "c", null, "acme", "shop", T, null, List.of(), Set.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("severity");
  }
}
