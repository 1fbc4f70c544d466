package dev.mimamori.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentCorrelatorTest {
  private static final Instant T0 = Instant.parse("2026-11-19T18:00:00Z");
  private static final Duration WINDOW = Duration.ofHours(6);

  private InMemoryIncidentStore store;
  private IncidentCorrelator correlator;
  private final AtomicInteger alertIds = new AtomicInteger();

  @BeforeEach
  void setUp() {
    store = new InMemoryIncidentStore();
    AtomicInteger n = new AtomicInteger();
    correlator = new IncidentCorrelator(store, WINDOW, () -> "inc-" + n.incrementAndGet());
  }

  private Alert alert(
      String tenant,
      String asset,
      Instant at,
      Severity severity,
      String title,
      String ip,
      Observable... observables) {
    return new Alert(
        "alert-" + alertIds.incrementAndGet(),
        "mm-test",
        title,
        "web.test",
        severity,
        tenant,
        asset,
        at,
        ip,
        List.of(),
        Set.of(observables),
        null);
  }

  private Alert alert(Instant at, Severity severity, String title) {
    return alert(
        "acme", "shop-1", at, severity, title, "203.0.113.7", Observable.ip("203.0.113.7"));
  }

  @Test
  void firstAlertOpensAnIncident() {
    Alert a = alert(T0, Severity.MEDIUM, "Scanner");

    Correlation c = correlator.accept(a);

    assertThat(c.created()).isTrue();
    assertThat(c.escalated()).isFalse();
    Incident i = c.incident();
    assertThat(i.id()).isEqualTo("inc-1");
    assertThat(i.tenant()).isEqualTo("acme");
    assertThat(i.asset()).isEqualTo("shop-1");
    assertThat(i.title()).isEqualTo("Scanner on shop-1");
    assertThat(i.status()).isEqualTo(IncidentStatus.NEW);
    assertThat(i.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(i.alertCount()).isEqualTo(1);
    assertThat(i.firstSeen()).isEqualTo(T0);
    assertThat(i.lastSeen()).isEqualTo(T0);
    assertThat(i.observables()).containsExactly(Observable.ip("203.0.113.7"));
  }

  @Test
  void linksTheAlertToItsIncident() {
    Correlation c = correlator.accept(alert(T0, Severity.LOW, "x"));

    assertThat(c.alert().incidentId()).isEqualTo(c.incident().id());
    assertThat(store.alerts()).containsExactly(c.alert());
  }

  @Test
  void alertsOnTheSameShopWithinTheWindowJoinOneIncident() {
    correlator.accept(alert(T0, Severity.MEDIUM, "Scanner"));
    correlator.accept(alert(T0.plus(Duration.ofHours(5)), Severity.LOW, "Order mail"));

    Correlation third = correlator.accept(alert(T0.plus(Duration.ofHours(10)), Severity.LOW, "x"));

    assertThat(third.created()).isFalse();
    assertThat(third.incident().id()).isEqualTo("inc-1");
    assertThat(third.incident().alertCount()).isEqualTo(3);
    assertThat(third.incident().firstSeen()).isEqualTo(T0);
    assertThat(third.incident().lastSeen()).isEqualTo(T0.plus(Duration.ofHours(10)));
    assertThat(store.incidents()).hasSize(1);
  }

  @Test
  void joinsAnAlertExactlyAtTheWindowEdge() {
    correlator.accept(alert(T0, Severity.LOW, "a"));

    Correlation c = correlator.accept(alert(T0.plus(WINDOW), Severity.LOW, "b"));

    assertThat(c.created()).isFalse();
  }

  @Test
  void alertAfterTheWindowOpensANewIncident() {
    correlator.accept(alert(T0, Severity.LOW, "a"));

    Correlation c = correlator.accept(alert(T0.plus(WINDOW).plusSeconds(1), Severity.LOW, "b"));

    assertThat(c.created()).isTrue();
    assertThat(c.incident().id()).isEqualTo("inc-2");
    assertThat(store.incidents()).extracting(Incident::id).containsExactly("inc-1", "inc-2");
  }

  @Test
  void laterAlertsJoinTheNewerIncident() {
    correlator.accept(alert(T0, Severity.LOW, "a"));
    correlator.accept(alert(T0.plus(Duration.ofDays(1)), Severity.LOW, "b"));

    Correlation c =
        correlator.accept(alert(T0.plus(Duration.ofDays(1)).plusSeconds(5), Severity.LOW, "c"));

    assertThat(c.incident().id()).isEqualTo("inc-2");
    assertThat(c.incident().alertCount()).isEqualTo(2);
  }

  @Test
  void anotherShopOpensItsOwnIncident() {
    correlator.accept(alert(T0, Severity.LOW, "a"));

    Correlation c =
        correlator.accept(
            alert("acme", "shop-2", T0.plusSeconds(1), Severity.LOW, "b", "203.0.113.7"));

    assertThat(c.created()).isTrue();
    assertThat(c.incident().asset()).isEqualTo("shop-2");
    assertThat(store.incidents()).hasSize(2);
  }

  @Test
  void tenantsNeverShareAnIncident() {
    correlator.accept(alert("acme", "shop-1", T0, Severity.LOW, "a", "203.0.113.7"));

    Correlation c =
        correlator.accept(
            alert("other", "shop-1", T0.plusSeconds(1), Severity.LOW, "b", "203.0.113.7"));

    assertThat(c.created()).isTrue();
    assertThat(c.incident().tenant()).isEqualTo("other");
    assertThat(store.incidents())
        .extracting(Incident::tenant, Incident::alertCount)
        .containsExactly(tuple("acme", 1), tuple("other", 1));
  }

  @Test
  void unitesObservablesOfAllAlerts() {
    correlator.accept(
        alert(
            "acme",
            "shop-1",
            T0,
            Severity.LOW,
            "a",
            "203.0.113.7",
            Observable.ip("203.0.113.7"),
            Observable.url("/admin/order/1042/mail")));

    Correlation c =
        correlator.accept(
            alert(
                "acme",
                "shop-1",
                T0.plusSeconds(60),
                Severity.LOW,
                "b",
                "198.51.100.2",
                Observable.ip("198.51.100.2"),
                Observable.url("/admin/order/1042/mail")));

    assertThat(c.incident().observables())
        .containsExactly(
            Observable.ip("198.51.100.2"),
            Observable.ip("203.0.113.7"),
            Observable.url("/admin/order/1042/mail"));
  }

  @Test
  void escalationRaisesSeverityAndRetitlesTheIncident() {
    correlator.accept(alert(T0, Severity.LOW, "Order mail screen used"));

    Correlation c = correlator.accept(alert(T0.plusSeconds(60), Severity.CRITICAL, "Web shell"));

    assertThat(c.escalated()).isTrue();
    assertThat(c.incident().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.incident().title()).isEqualTo("Web shell on shop-1");
  }

  @Test
  void lessSevereAlertKeepsSeverityAndTitle() {
    correlator.accept(alert(T0, Severity.HIGH, "XSS payload"));

    Correlation c = correlator.accept(alert(T0.plusSeconds(60), Severity.LOW, "Order mail"));

    assertThat(c.escalated()).isFalse();
    assertThat(c.incident().severity()).isEqualTo(Severity.HIGH);
    assertThat(c.incident().title()).isEqualTo("XSS payload on shop-1");
  }

  @Test
  void equallySevereAlertIsNotAnEscalation() {
    correlator.accept(alert(T0, Severity.HIGH, "first"));

    Correlation c = correlator.accept(alert(T0.plusSeconds(60), Severity.HIGH, "second"));

    assertThat(c.escalated()).isFalse();
    assertThat(c.incident().title()).isEqualTo("first on shop-1");
  }

  @Test
  void lateAlertMovesFirstSeenBack() {
    correlator.accept(alert(T0, Severity.LOW, "a"));

    Correlation c = correlator.accept(alert(T0.minusSeconds(30), Severity.LOW, "b"));

    assertThat(c.created()).isFalse();
    assertThat(c.incident().firstSeen()).isEqualTo(T0.minusSeconds(30));
    assertThat(c.incident().lastSeen()).isEqualTo(T0);
  }

  @Test
  void storeKeepsOneTimelineEntryPerAlert() {
    correlator.accept(alert(T0, Severity.LOW, "Order mail"));
    correlator.accept(alert(T0.plusSeconds(60), Severity.CRITICAL, "Web shell"));

    List<TimelineEntry> timeline = store.incidents().get(0).timeline();

    assertThat(timeline)
        .extracting(TimelineEntry::kind, TimelineEntry::text)
        .containsExactly(
            tuple("alert", "[low] Order mail from 203.0.113.7"),
            tuple("alert", "[critical] Web shell from 203.0.113.7"));
    assertThat(timeline).extracting(TimelineEntry::alertId).containsExactly("alert-1", "alert-2");
  }

  @Test
  void timelineEntryOmitsAMissingAddress() {
    correlator.accept(alert("acme", "shop-1", T0, Severity.LOW, "No address", null));

    assertThat(store.incidents().get(0).timeline())
        .extracting(TimelineEntry::text)
        .containsExactly("[low] No address");
  }

  @Test
  void resolvedIncidentIsNotReopened() {
    Correlation first = correlator.accept(alert(T0, Severity.LOW, "a"));
    Incident resolved =
        new Incident(
            first.incident().id(),
            "acme",
            "shop-1",
            first.incident().title(),
            IncidentStatus.RESOLVED,
            Severity.LOW,
            1,
            T0,
            T0,
            List.of(),
            Set.of());
    store.put(resolved);

    Correlation c = correlator.accept(alert(T0.plusSeconds(10), Severity.LOW, "b"));

    assertThat(c.created()).isTrue();
    assertThat(c.incident().id()).isNotEqualTo(first.incident().id());
  }

  @Test
  void capsObservablesOfOneIncident() {
    Set<Observable> many = new HashSet<>();
    for (int k = 0; k < IncidentCorrelator.MAX_OBSERVABLES + 50; k++) {
      many.add(Observable.url("/p/" + k));
    }
    Alert big =
        new Alert(
            "big",
            "mm-test",
            "t",
            "c",
            Severity.LOW,
            "acme",
            "shop-1",
            T0,
            null,
            List.of(),
            many,
            null);

    Correlation c = correlator.accept(big);

    assertThat(c.incident().observables()).hasSize(IncidentCorrelator.MAX_OBSERVABLES);
  }

  @Test
  void refusesANonPositiveWindow() {
    assertThatThrownBy(() -> new IncidentCorrelator(store, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IncidentCorrelator(store, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
