package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogNotifierTest {
  private static final Instant T0 = Instant.parse("2026-11-19T18:00:00Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final LogNotifier notifier =
      new LogNotifier(() -> new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private static Incident incident(String title, Severity severity, int alerts) {
    return new Incident(
        "inc-1",
        "acme",
        "shop-1",
        title,
        IncidentStatus.NEW,
        severity,
        alerts,
        T0,
        T0,
        List.of(),
        Set.of());
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOneLineForAnOpenedIncident() {
    notifier.send(
        Notification.of(
            "m",
            Notification.Kind.INCIDENT_OPENED,
            incident("Web shell on shop-1", Severity.HIGH, 1)));

    assertThat(output())
        .isEqualTo(
            "mimamori: incident inc-1 opened [high] Web shell on shop-1 (1 alert)"
                + System.lineSeparator());
  }

  @Test
  void printsEscalationWithPluralAlerts() {
    notifier.send(
        Notification.of(
            "m",
            Notification.Kind.INCIDENT_ESCALATED,
            incident("Exfiltration", Severity.CRITICAL, 3)));

    assertThat(output()).contains("inc-1 escalated [critical] Exfiltration (3 alerts)");
  }

  @Test
  void keepsAnAttackerControlledTitleOnOneLine() {
    notifier.send(
        Notification.of(
            "m",
            Notification.Kind.INCIDENT_OPENED,
            incident("evil\nmimamori: incident fake resolved\u001b[31m", Severity.LOW, 1)));

    String out = output();
    assertThat(out.lines()).hasSize(1);
    assertThat(out).doesNotContain("\u001b").contains("evil?mimamori: incident fake resolved?[31m");
  }

  @Test
  void printsOneLinePerNotification() {
    notifier.send(
        Notification.of("m", Notification.Kind.INCIDENT_OPENED, incident("a", Severity.LOW, 1)));
    notifier.send(
        Notification.of(
            "m", Notification.Kind.INCIDENT_ESCALATED, incident("b", Severity.HIGH, 2)));

    assertThat(output().lines()).hasSize(2);
  }

  @Test
  void typeIsLog() {
    assertThat(notifier.type()).isEqualTo("log");
  }

  @Test
  void registryBuildsTheLogNotifier() {
    NotifierType<?> type = Notifiers.find("log").orElseThrow();

    assertThat(type.create(new LogNotifier.Config())).isInstanceOf(LogNotifier.class);
    assertThat(Notifiers.names()).contains("log");
    assertThat(Notifiers.find("smtp")).isEmpty();
  }

  @Test
  void notificationExceptionTellsWhetherToRetry() {
    assertThat(new NotificationException("timeout", true).temporary()).isTrue();
    assertThat(new NotificationException("bad password", false).temporary()).isFalse();
  }
}
