package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentTest {
  private static final Instant T = Instant.parse("2026-11-19T18:12:00Z");
  private static final TimelineEntry ENTRY = new TimelineEntry(T, "alert", "[high] XSS", "a1");

  private static Incident incident(List<TimelineEntry> timeline, Set<Observable> observables) {
    return new Incident(
        "i1",
        "acme",
        "shop-1",
        "XSS on shop-1",
        IncidentStatus.NEW,
        Severity.HIGH,
        1,
        T,
        T,
        timeline,
        observables);
  }

  @Test
  void copiesTimelineSoTheCallersListCannotChangeIt() {
    List<TimelineEntry> timeline = new ArrayList<>(List.of(ENTRY));
    Incident i = incident(timeline, Set.of());

    timeline.clear();

    assertThat(i.timeline()).containsExactly(ENTRY);
  }

  @Test
  void timelineIsReadOnly() {
    Incident i = incident(List.of(ENTRY), Set.of());

    assertThatThrownBy(() -> i.timeline().add(ENTRY))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copiesObservablesSoTheCallersSetCannotChangeThem() {
    Set<Observable> obs = new HashSet<>(Set.of(Observable.ip("192.0.2.1")));
    Incident i = incident(List.of(), obs);

    obs.add(Observable.ip("192.0.2.2"));

    assertThat(i.observables()).containsExactly(Observable.ip("192.0.2.1"));
  }

  @Test
  void observablesAreReadOnly() {
    Incident i = incident(List.of(), Set.of(Observable.ip("192.0.2.1")));

    assertThatThrownBy(() -> i.observables().remove(Observable.ip("192.0.2.1")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNullTimelineEntries() {
    List<TimelineEntry> timeline = new ArrayList<>();
    timeline.add(null);

    assertThatThrownBy(() -> incident(timeline, Set.of())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void statusParsesInAnyCase() {
    assertThat(IncidentStatus.parse(" Acknowledged ")).isEqualTo(IncidentStatus.ACKNOWLEDGED);
  }

  @Test
  void statusRefusesUnknownText() {
    assertThatThrownBy(() -> IncidentStatus.parse("closed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'closed'");
  }

  @Test
  void resolvedAndFalsePositiveAreClosed() {
    assertThat(IncidentStatus.RESOLVED.isClosed()).isTrue();
    assertThat(IncidentStatus.FALSE_POSITIVE.isClosed()).isTrue();
    assertThat(IncidentStatus.NEW.isClosed()).isFalse();
    assertThat(IncidentStatus.ACKNOWLEDGED.isClosed()).isFalse();
    assertThat(IncidentStatus.CONTAINED.isClosed()).isFalse();
  }

  @Test
  void statusParsesTheOldOpenAsNew() {
    assertThat(IncidentStatus.parse("open")).isEqualTo(IncidentStatus.NEW);
  }

  @Test
  void statusParsesFalsePositiveWithADash() {
    assertThat(IncidentStatus.parse("false-positive")).isEqualTo(IncidentStatus.FALSE_POSITIVE);
  }

  @Test
  void statusLabelIsLowerCase() {
    assertThat(IncidentStatus.ACKNOWLEDGED.label()).isEqualTo("acknowledged");
  }
}
