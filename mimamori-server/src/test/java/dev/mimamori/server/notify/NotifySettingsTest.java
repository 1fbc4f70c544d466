package dev.mimamori.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.model.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySettingsTest {
  static final String FULL =
      """
      {
        "channels": [
          {"name": "soc-slack", "type": "slack", "webhook_url": "${env:SLACK_URL}"},
          {"name": "pager", "type": "webhook", "url": "https://hooks.example.jp/mm", "secret": "${env:HOOK_SECRET}"}
        ],
        "routes": [
          {"channel": "soc-slack", "min_severity": "medium", "kinds": ["opened", "escalated", "summary"], "locale": "ja"},
          {"channel": "pager", "tenants": ["city"], "kinds": ["status"], "locale": "en"}
        ],
        "oncall": {
          "people": [{"id": "aiko", "name": "Aiko", "locale": "ja", "contacts": [{"channel": "pager", "address": "aiko"}]}],
          "schedules": [],
          "policies": [{"name": "shop", "steps": [{"targets": [{"person": "aiko"}], "delay_minutes": 5}]}]
        },
        "escalation": {"policy": "shop", "min_severity": "high", "ack_link_valid": "12h"},
        "delivery": {"max_age": "48h", "first_retry": "10s"}
      }
      """;
  static final Map<String, String> ENV =
      Map.of(
          "SLACK_URL", "https://hooks.slack.com/services/T0/B0/xyz",
          "HOOK_SECRET", "a-shared-secret-of-some-length");

  static NotifySettings parse(String text) {
    return NotifySettings.parse(text, ENV::get);
  }

  @Test
  void readsEveryChannel() {
    assertThat(parse(FULL).channels().keySet()).containsExactlyInAnyOrder("soc-slack", "pager");
  }

  @Test
  void aRouteHearsOnlyItsKindsAndSeverities() {
    NotifySettings.Route slack = parse(FULL).routes().get(0);

    assertThat(slack.wants("any", Severity.LOW, Notification.Kind.INCIDENT_OPENED)).isFalse();
    assertThat(slack.wants("any", Severity.HIGH, Notification.Kind.INCIDENT_OPENED)).isTrue();
    assertThat(slack.wants("any", Severity.HIGH, Notification.Kind.STATUS_CHANGED)).isFalse();
  }

  @Test
  void aRouteForOneTenantHearsNoOther() {
    NotifySettings.Route pager = parse(FULL).routes().get(1);

    assertThat(pager.wants("other", Severity.CRITICAL, Notification.Kind.STATUS_CHANGED)).isFalse();
  }

  @Test
  void readsTheEscalation() {
    assertThat(parse(FULL).escalation().ackLinkValidity()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void readsDeliverySettingsOverTheDefaults() {
    NotifySettings.Delivery d = parse(FULL).delivery();

    assertThat(d.maxAge()).isEqualTo(Duration.ofHours(48));
    assertThat(d.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesAnUnsetEnvironmentVariable() {
    assertThatThrownBy(() -> NotifySettings.parse(FULL, name -> null))
        .hasMessageContaining("SLACK_URL is not set");
  }

  @Test
  void refusesARouteToAnUnknownChannel() {
    assertThatThrownBy(() -> parse("{\"routes\": [{\"channel\": \"fax\"}]}"))
        .hasMessageContaining("unknown channel 'fax'");
  }

  @Test
  void refusesAnUnknownKind() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"channels\": [{\"name\": \"c\", \"type\": \"log\"}],"
                        + " \"routes\": [{\"channel\": \"c\", \"kinds\": [\"everything\"]}]}"))
        .hasMessageContaining("unknown kind 'everything'");
  }

  @Test
  void refusesAPersonPagedThroughAnUnknownChannel() {
    String text =
        FULL.replace("\"channel\": \"pager\", \"address\"", "\"channel\": \"sms\", \"address\"");

    assertThatThrownBy(() -> parse(text)).hasMessageContaining("unknown channel 'sms'");
  }

  @Test
  void refusesAnEscalationWithoutOnCall() {
    assertThatThrownBy(() -> parse("{\"escalation\": {\"policy\": \"shop\"}}"))
        .hasMessageContaining("needs an 'oncall' section");
  }

  @Test
  void refusesMalformedJsonWithItsPosition() {
    assertThatThrownBy(() -> parse("{\"channels\": [}")).hasMessageContaining("line 1");
  }

  @Test
  void badChannelSettingsNameTheChannel() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"channels\": [{\"name\": \"s\", \"type\": \"slack\", \"webhook_url\": \"ftp://x\"}]}"))
        .hasMessageStartingWith("channels[0] (s)");
  }

  @Test
  void theConsoleDefaultTellsOpenedIncidents() {
    assertThat(
            NotifySettings.consoleOnly()
                .routes()
                .get(0)
                .wants("t", Severity.INFO, Notification.Kind.INCIDENT_OPENED))
        .isTrue();
  }
}
