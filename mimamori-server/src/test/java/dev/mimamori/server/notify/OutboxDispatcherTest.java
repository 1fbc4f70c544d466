package dev.mimamori.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.incidents.Entities;
import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.incidents.notify.WebhookNotifier;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.MutableClock;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox delivered for real to a receiver on loopback that fails, stalls and recovers. */
class OutboxDispatcherTest {
  static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
  static final NotifySettings.Delivery FAST =
      new NotifySettings.Delivery(
          Duration.ofHours(24),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMillis(50),
          Duration.ofSeconds(30));

  @TempDir Path dir;
  MutableClock clock;
  Store store;
  WebhookReceiver receiver;
  int port;

  @BeforeEach
  void open() throws IOException {
    clock = new MutableClock(T0);
    store = Store.open(DatabaseConfig.parse(null, dir), clock);
    store.tenants().ensure("city", "City");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.close();
    }
    store.close();
  }

  OutboxDispatcher dispatcher() {
    Notifier hook =
        new WebhookNotifier(
            new WebhookNotifier.Config(
                "http://127.0.0.1:" + port + "/hook", "a-shared-secret-of-some-length"));
    return new OutboxDispatcher(store, Map.of("hook", hook), FAST, clock);
  }

  /** An incident with one message to the webhook, written in one transaction. */
  String incidentWithMessage(Notification.Kind kind) {
    String id = UUID.randomUUID().toString();
    Alert a =
        new Alert(
            UUID.randomUUID().toString(),
            "r",
            "<script>alert(1)</script>",
            "web.xss",
            Severity.HIGH,
            "city",
            "shop",
            T0,
            "203.0.113.7",
            List.of(),
            Set.of(Observable.ip("203.0.113.7")),
            id);
    Incident i =
        new Incident(
            id,
            "city",
            "shop",
            "t",
            IncidentStatus.NEW,
            Severity.HIGH,
            1,
            T0,
            T0,
            List.of(),
            a.observables());
    String messageId = id + "/m";
    store
        .incidents()
        .record(
            new IncidentChange(
                a,
                i,
                true,
                Entities.of(a),
                List.of(new TimelineEntry(T0, "alert", "a", a.id())),
                List.of(
                    new OutboxMessage(
                        messageId, "city", id, "hook", kind, "ja", null, null, null, T0))));
    return messageId;
  }

  String status(String messageId) {
    return store.outbox().find(TenantScope.allTenants(), messageId).orElseThrow().status();
  }

  @Test
  void deliversAMessageWrittenWithItsIncident() throws Exception {
    receiver = new WebhookReceiver(port);
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);

    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
    }

    assertThat(receiver.accepted).containsExactly(m);
  }

  @Test
  void aReceiverDownForAnHourLosesNothing() throws Exception {
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      // Nothing listens on the port: connection refused, a temporary error, for an hour.
      for (int minute = 0; minute < 60; minute++) {
        d.deliverDue();
        clock.advance(Duration.ofMinutes(1));
      }
      assertThat(status(m)).isEqualTo(OutboxRepository.PENDING);
      receiver = new WebhookReceiver(port);
      clock.advance(Duration.ofMinutes(5));
      d.deliverDue();
    }

    assertThat(receiver.accepted).containsExactly(m);
  }

  @Test
  void retriesAfterA503AndSendsOnceWhenTheReceiverRecovers() throws Exception {
    receiver = new WebhookReceiver(port);
    receiver.mode = WebhookReceiver.Mode.FAIL_503;
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      for (int k = 0; k < 3; k++) {
        d.deliverDue();
        clock.advance(Duration.ofMinutes(6));
      }
      receiver.mode = WebhookReceiver.Mode.ACCEPT;
      d.deliverDue();
      clock.advance(Duration.ofMinutes(6));
      d.deliverDue();
    }

    assertThat(receiver.accepted).containsExactly(m);
  }

  @Test
  void waitsAsLongAsRetryAfterSays() throws Exception {
    receiver = new WebhookReceiver(port);
    receiver.mode = WebhookReceiver.Mode.RATE_LIMITED;
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
    }

    Instant next = store.outbox().find(TenantScope.allTenants(), m).orElseThrow().nextAttemptAt();
    assertThat(Duration.between(T0, next)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPermanentErrorGoesToTheDeadLettersWithTheError() throws Exception {
    receiver = new WebhookReceiver(port);
    receiver.mode = WebhookReceiver.Mode.GONE_404;
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
    }

    OutboxRepository.Entry e = store.outbox().find(TenantScope.allTenants(), m).orElseThrow();
    assertThat(e.status() + " " + e.lastError()).startsWith("dead").contains("404");
  }

  @Test
  void givesUpAfterTheMaximumAge() throws Exception {
    receiver = new WebhookReceiver(port);
    receiver.mode = WebhookReceiver.Mode.FAIL_503;
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
      clock.advance(Duration.ofHours(25));
      d.deliverDue();
    }

    assertThat(status(m)).isEqualTo(OutboxRepository.DEAD);
  }

  @Test
  void aDispatcherThatDiedMidDeliveryIsReplacedAfterItsLease() throws Exception {
    receiver = new WebhookReceiver(port);
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    // The first dispatcher claims the message and dies before it sends or marks it.
    store.outbox().claimDue(10, FAST.lease());
    clock.advance(FAST.lease().plusSeconds(1));

    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
    }

    assertThat(receiver.accepted).containsExactly(m);
  }

  @Test
  void aStalledReceiverHoldsUpNoOtherMessage() throws Exception {
    receiver = new WebhookReceiver(port);
    receiver.mode = WebhookReceiver.Mode.STALL;
    String stalledMessage = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = dispatcher()) {
      Thread t =
          new Thread(
              () -> {
                try {
                  d.deliverDue();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      receiver.stalled.await();
      // While one request hangs, the request timeout (15 s) ends it as a temporary error.
      t.join(30_000);
    }

    assertThat(status(stalledMessage)).isEqualTo(OutboxRepository.PENDING);
  }

  @Test
  void dropsAPageForAnIncidentAcknowledgedBeforeItWentOut() throws Exception {
    receiver = new WebhookReceiver(port);
    String m = incidentWithMessage(Notification.Kind.PAGE);
    String incident =
        store.outbox().find(TenantScope.allTenants(), m).orElseThrow().message().incidentId();
    store.incidents().get(TenantScope.allTenants(), incident).orElseThrow();
    new dev.mimamori.store.IncidentLifecycle(
            store, dev.mimamori.incidents.outbox.NotificationPlanner.NONE, clock)
        .acknowledge(TenantScope.of("city"), incident, "hanako");

    try (OutboxDispatcher d = dispatcher()) {
      d.deliverDue();
    }

    assertThat(status(m)).isEqualTo(OutboxRepository.DROPPED);
  }

  @Test
  void aMessageForAnUnknownChannelIsADeadLetter() throws Exception {
    String m = incidentWithMessage(Notification.Kind.INCIDENT_OPENED);
    try (OutboxDispatcher d = new OutboxDispatcher(store, Map.of(), FAST, clock)) {
      d.deliverDue();
    }

    assertThat(store.outbox().find(TenantScope.allTenants(), m).orElseThrow().lastError())
        .contains("no channel named 'hook'");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    try (OutboxDispatcher d = dispatcher()) {
      assertThat(d.backoff(20, null)).isLessThanOrEqualTo(Duration.ofMinutes(6));
    }
  }
}
