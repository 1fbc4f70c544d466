package dev.mimamori.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.outbox.NotificationPlanner;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How alerts become incidents: shared entities, attack-chain stages, floods. */
class GroupingTest {
  private static final Instant T0 = Instant.parse("2026-11-19T18:00:00Z");

  private InMemoryIncidentStore store;
  private IncidentCorrelator correlator;
  private final AtomicInteger alertIds = new AtomicInteger();

  @BeforeEach
  void setUp() {
    store = new InMemoryIncidentStore();
    AtomicInteger n = new AtomicInteger();
    NotificationPlanner everyNotable =
        new NotificationPlanner() {
          @Override
          public List<OutboxMessage> onCorrelation(Correlation c) {
            if (!c.notable()) {
              return List.of();
            }
            Notification.Kind kind =
                c.created()
                    ? Notification.Kind.INCIDENT_OPENED
                    : c.escalated()
                        ? Notification.Kind.INCIDENT_ESCALATED
                        : Notification.Kind.SUMMARY;
            return List.of(
                new OutboxMessage(
                    c.alert().id(),
                    c.incident().tenant(),
                    c.incident().id(),
                    "soc",
                    kind,
                    "en",
                    null,
                    null,
                    null,
                    c.alert().timestamp()));
          }
        };
    correlator =
        new IncidentCorrelator(
            store,
            Duration.ofHours(1),
            Duration.ofDays(14),
            () -> "inc-" + n.incrementAndGet(),
            everyNotable);
  }

  private Alert alert(
      Instant at,
      String rule,
      String ruleClass,
      Severity severity,
      @Nullable String ip,
      Observable... observables) {
    return new Alert(
        "a" + alertIds.incrementAndGet(),
        rule,
        rule,
        ruleClass,
        severity,
        "city",
        "furusato-shop",
        at,
        ip,
        List.of(),
        Set.of(observables),
        null);
  }

  @Test
  void unrelatedAttacksOnOneShopOpenTwoIncidents() {
    correlator.accept(alert(T0, "sqli", "web.sqli", Severity.HIGH, "198.51.100.1"));
    correlator.accept(
        alert(T0.plusSeconds(60), "traversal", "web.traversal", Severity.HIGH, "203.0.113.9"));

    assertThat(store.incidents()).hasSize(2);
  }

  @Test
  void anotherRuleFromTheSameAddressJoins() {
    Correlation a = correlator.accept(alert(T0, "sqli", "web.sqli", Severity.HIGH, "198.51.100.1"));
    Correlation b =
        correlator.accept(
            alert(T0.plusSeconds(60), "traversal", "web.traversal", Severity.HIGH, "198.51.100.1"));

    assertThat(b.incident().id()).isEqualTo(a.incident().id());
  }

  @Test
  void anotherAddressInTheSameNetworkJoins() {
    Correlation a = correlator.accept(alert(T0, "sqli", "web.sqli", Severity.HIGH, "198.51.100.1"));
    Correlation b =
        correlator.accept(
            alert(T0.plusSeconds(60), "rce", "web.rce", Severity.HIGH, "198.51.100.77"));

    assertThat(b.incident().id()).isEqualTo(a.incident().id());
  }

  @Test
  void sharedEntityAfterTheWindowOpensANewIncident() {
    Correlation a = correlator.accept(alert(T0, "sqli", "web.sqli", Severity.HIGH, "198.51.100.1"));
    Correlation b =
        correlator.accept(
            alert(T0.plus(Duration.ofHours(2)), "sqli", "web.sqli", Severity.HIGH, "198.51.100.1"));

    assertThat(b.incident().id()).isNotEqualTo(a.incident().id());
  }

  @Test
  void requestsToADroppedFileJoinItsIncidentFromAnyAddress() {
    Correlation dropped =
        correlator.accept(
            alert(
                T0,
                "mm-fim-added",
                "webshell",
                Severity.CRITICAL,
                null,
                new Observable(Observable.Type.FILE_PATH, "/var/www/shop/html/user_data/k2.php")));
    Correlation used =
        correlator.accept(
            alert(
                T0.plusSeconds(300),
                "php-outside-front-controller",
                "web.recon",
                Severity.MEDIUM,
                "192.0.2.44",
                Observable.url("/html/user_data/k2.php?cmd=id")));

    assertThat(used.incident().id()).isEqualTo(dropped.incident().id());
  }

  @Test
  void aRequestForTheFrontControllerDoesNotJoinAFileIncident() {
    correlator.accept(
        alert(
            T0,
            "mm-fim-modified",
            "integrity",
            Severity.MEDIUM,
            null,
            new Observable(Observable.Type.FILE_PATH, "/var/www/shop/index.php")));
    correlator.accept(
        alert(
            T0.plusSeconds(5),
            "sqli",
            "web.sqli",
            Severity.HIGH,
            "192.0.2.44",
            Observable.url("/index.php?id=1'")));

    assertThat(store.incidents()).hasSize(2);
  }

  @Test
  void stagesOfTheChainJoinOneIncidentFromDifferentAddresses() {
    Correlation xss =
        correlator.accept(
            alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    Correlation fired =
        correlator.accept(
            alert(
                T0.plus(Duration.ofDays(3)),
                "eccube-admin-xss-trigger",
                "eccube.admin.xss-trigger",
                Severity.HIGH,
                "10.0.0.5"));

    assertThat(fired.incident().id()).isEqualTo(xss.incident().id());
  }

  @Test
  void anAdvancingChainRaisesSeverity() {
    correlator.accept(
        alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    Correlation fired =
        correlator.accept(
            alert(
                T0.plusSeconds(3600),
                "eccube-admin-xss-trigger",
                "eccube.admin.xss-trigger",
                Severity.HIGH,
                "10.0.0.5"));

    assertThat(fired.incident().severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void anAdvancingChainIsAnEscalation() {
    correlator.accept(
        alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    Correlation fired =
        correlator.accept(
            alert(
                T0.plusSeconds(3600),
                "eccube-admin-xss-trigger",
                "eccube.admin.xss-trigger",
                Severity.HIGH,
                "10.0.0.5"));

    assertThat(fired.escalated()).isTrue();
  }

  @Test
  void theIncidentRemembersTheFurthestStage() {
    correlator.accept(
        alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    correlator.accept(alert(T0.plusSeconds(60), "fim", "webshell", Severity.CRITICAL, null));
    Correlation late =
        correlator.accept(
            alert(
                T0.plusSeconds(120),
                "eccube-admin-xss-trigger",
                "eccube.admin.xss-trigger",
                Severity.HIGH,
                "10.0.0.5"));

    assertThat(late.incident().chainStage()).isEqualTo(ChainStage.WEB_SHELL.number());
  }

  @Test
  void reachingAStageIsOnTheTimeline() {
    correlator.accept(
        alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    correlator.accept(alert(T0.plusSeconds(60), "fim", "webshell", Severity.CRITICAL, null));

    Incident i = store.incidents().get(0);
    assertThat(i.timeline())
        .filteredOn(e -> e.kind().equals("chain"))
        .extracting(TimelineEntry::text)
        .containsExactly(
            "attack chain reached stage 1: stored XSS planted",
            "attack chain reached stage 6: web shell");
  }

  @Test
  void chainStagesOnAnotherShopStayApart() {
    correlator.accept(
        alert(T0, "eccube-stored-xss", "eccube.stored-xss", Severity.HIGH, "198.51.100.1"));
    Alert other =
        new Alert(
            "other",
            "fim",
            "web shell",
            "webshell",
            Severity.CRITICAL,
            "city",
            "another-shop",
            T0.plusSeconds(60),
            null,
            List.of(),
            Set.of(),
            null);

    assertThat(correlator.accept(other).created()).isTrue();
  }

  @Test
  void aFloodFromManyAddressesMakesOneIncident() {
    for (int k = 0; k < 100_000; k++) {
      String ip = "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255);
      correlator.accept(alert(T0.plusMillis(k / 2), "http-flood", "web.ddos", Severity.MEDIUM, ip));
    }

    assertThat(store.incidents()).hasSize(1);
  }

  @Test
  void aFloodSendsOneMessagePerOrderOfMagnitude() {
    for (int k = 0; k < 100_000; k++) {
      String ip = "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255);
      correlator.accept(alert(T0.plusMillis(k / 2), "http-flood", "web.ddos", Severity.MEDIUM, ip));
    }

    // opened, then summaries at 100, 1,000, 10,000 and 100,000 alerts
    assertThat(store.outbox())
        .extracting(OutboxMessage::kind)
        .containsExactly(
            Notification.Kind.INCIDENT_OPENED,
            Notification.Kind.SUMMARY,
            Notification.Kind.SUMMARY,
            Notification.Kind.SUMMARY,
            Notification.Kind.SUMMARY);
  }

  @Test
  void milestonesArePowersOfTen() {
    assertThat(List.of(99L, 100L, 101L, 1000L, 2000L, 10_000L))
        .map(IncidentCorrelator::isMilestone)
        .containsExactly(false, true, false, true, false, true);
  }
}
