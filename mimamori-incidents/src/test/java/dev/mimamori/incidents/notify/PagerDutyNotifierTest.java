package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagerDutyNotifierTest {
  private static final String KEY = "R0123456789abcdef0123456789abcde";

  private final Receiver receiver = Receiver.start().answer(202);
  private final PagerDutyNotifier notifier =
      new PagerDutyNotifier(new PagerDutyNotifier.Config(KEY, receiver.base(), null, null));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonNode sent(Notification n) throws NotificationException {
    notifier.send(n);
    return receiver.take().json();
  }

  private static Notification statusChange(IncidentStatus status) {
    return Fixtures.notification(
        Notification.Kind.STATUS_CHANGED,
        incident("Web shell", Severity.HIGH, status),
        Locale.ENGLISH,
        null,
        null,
        null);
  }

  @Test
  void postsToTheEnqueuePath() throws Exception {
    notifier.send(Fixtures.english(incident("Web shell")));

    Receiver.Request r = receiver.take();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void triggersANewIncidentWithItsPayload() throws Exception {
    JsonNode e = sent(Fixtures.english(incident("Web shell")));

    assertThat(e.get("routing_key").asText()).isEqualTo(KEY);
    assertThat(e.get("event_action").asText()).isEqualTo("trigger");
    assertThat(e.get("dedup_key").asText()).isEqualTo("mimamori-inc-1");
    assertThat(e.at("/payload/summary").asText())
        .isEqualTo("New incident: Web shell (high, furusato-shop)");
    assertThat(e.at("/payload/source").asText()).isEqualTo("furusato-shop");
    assertThat(e.at("/payload/severity").asText()).isEqualTo("error");
  }

  @Test
  void describesTheIncidentInCustomDetails() throws Exception {
    JsonNode d = sent(Fixtures.english(incident("Web shell"))).at("/payload/custom_details");

    assertThat(d.get("incident_id").asText()).isEqualTo("inc-1");
    assertThat(d.get("alert_count").asInt()).isEqualTo(3);
    assertThat(d.get("observables").get(0).asText()).isEqualTo("IP: 203.0.113.7");
  }

  @Test
  void linksTheAckUrl() throws Exception {
    JsonNode link = sent(Fixtures.english(incident("x"))).at("/links/0");

    assertThat(link.get("href").asText()).isEqualTo(Fixtures.ACK);
    assertThat(link.get("text").asText()).isEqualTo("Acknowledge in mimamori");
  }

  @ParameterizedTest
  @CsvSource({"CRITICAL, critical", "HIGH, error", "MEDIUM, warning", "LOW, info", "INFO, info"})
  void mapsSeverity(Severity severity, String expected) {
    assertThat(PagerDutyNotifier.severity(severity)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "ACKNOWLEDGED, acknowledge",
    "CONTAINED, acknowledge",
    "RESOLVED, resolve",
    "FALSE_POSITIVE, resolve",
    "NEW, trigger"
  })
  void mapsAStatusChangeToAnAction(IncidentStatus status, String action) {
    assertThat(PagerDutyNotifier.action(statusChange(status))).isEqualTo(action);
  }

  @Test
  void triggersAgainOnEscalation() {
    Notification n =
        Fixtures.notification(
            Notification.Kind.INCIDENT_ESCALATED,
            incident("x", Severity.CRITICAL, IncidentStatus.ACKNOWLEDGED),
            Locale.ENGLISH,
            null,
            null,
            null);

    assertThat(PagerDutyNotifier.action(n)).isEqualTo("trigger");
  }

  @Test
  void resolvesByDedupKeyAlone() throws Exception {
    JsonNode e = sent(statusChange(IncidentStatus.RESOLVED));

    assertThat(e.fieldNames())
        .toIterable()
        .containsExactly("routing_key", "event_action", "dedup_key");
  }

  @Test
  void keepsTheSummaryWithinPagerDutysLimit() throws Exception {
    assertThat(sent(Fixtures.english(incident("y".repeat(5000)))).at("/payload/summary").asText())
        .hasSizeLessThanOrEqualTo(PagerDutyNotifier.MAX_SUMMARY);
  }

  @Test
  void keepsAHostileTitleOnOneLineInTheSummary() throws Exception {
    assertThat(sent(Fixtures.english(incident(HOSTILE))).at("/payload/summary").asText())
        .doesNotContain("\r", "\n");
  }

  @Test
  void treatsAcceptedAsDelivered() {
    assertThatCode(() -> notifier.send(Fixtures.english(incident("x")))).doesNotThrowAnyException();
  }

  @Test
  void treatsAnInvalidEventAsPermanent() {
    receiver.answer(400);

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(Fixtures.english(incident("x"))));

    assertThat(e.temporary()).isFalse();
  }

  @Test
  void errorDoesNotRevealTheRoutingKey() {
    receiver.answer(400);

    assertThatThrownBy(() -> notifier.send(Fixtures.english(incident("x"))))
        .isInstanceOf(NotificationException.class)
        .message()
        .doesNotContain(KEY);
  }

  @Test
  void refusesAMissingRoutingKey() {
    assertThatThrownBy(() -> new PagerDutyNotifier.Config(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'routing_key' is required");
  }

  @Test
  void toStringHidesTheRoutingKey() {
    assertThat(new PagerDutyNotifier.Config(KEY).toString()).doesNotContain(KEY);
  }
}
