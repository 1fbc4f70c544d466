package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends PagerDuty Events API v2 events: {@code POST /v2/enqueue}. One PagerDuty alert per incident
 * ({@code dedup_key = "mimamori-" + incident id}): a new incident, an escalation, a page or a
 * summary triggers it (again, which PagerDuty folds into the same alert); a status change to
 * acknowledged or contained acknowledges it, to resolved or false positive resolves it. The routing
 * key is in the body, so messages never mention the body. 202 is success; 400 (an invalid event) is
 * permanent; 429 and 5xx are temporary.
 */
public final class PagerDutyNotifier implements Notifier {
  static final String DEFAULT_BASE_URL = "https://events.pagerduty.com";
  static final int MAX_SUMMARY = 1024;

  /**
   * Settings.
   *
   * @param routingKey the integration key of the PagerDuty service (Events API v2)
   * @param baseUrl the API's base URL (default {@code https://events.pagerduty.com})
   * @param connectTimeout default 5 s
   * @param requestTimeout default 15 s
   */
  public record Config(
      String routingKey,
      @Nullable String baseUrl,
      @Nullable Duration connectTimeout,
      @Nullable Duration requestTimeout) {

    public Config {
      ConfigChecks.token("routing_key", routingKey);
      baseUrl = ConfigChecks.baseUrl("base_url", baseUrl, DEFAULT_BASE_URL).toString();
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      requestTimeout =
          ConfigChecks.timeout(
              "request_timeout", requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    public Config(String routingKey) {
      this(routingKey, null, null, null);
    }

    /** Hides the routing key. */
    @Override
    public String toString() {
      return "PagerDutyNotifier.Config[routingKey="
          + ConfigChecks.masked(routingKey)
          + ", baseUrl="
          + baseUrl
          + ", connectTimeout="
          + connectTimeout
          + ", requestTimeout="
          + requestTimeout
          + "]";
    }
  }

  private final URI enqueueUrl;
  private final String routingKey;
  private final HttpDelivery delivery;

  public PagerDutyNotifier(Config config) {
    this.enqueueUrl = URI.create(config.baseUrl() + "/v2/enqueue");
    this.routingKey = config.routingKey();
    this.delivery =
        new HttpDelivery(
            type(), config.connectTimeout(), config.requestTimeout(), Clock.systemUTC());
  }

  @Override
  public String type() {
    return "pagerduty";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    delivery.post(enqueueUrl, "application/json", Json.write(event(routingKey, n)), Map.of());
  }

  /** The event: trigger with a payload, or acknowledge / resolve by dedup key alone. */
  static ObjectNode event(String routingKey, Notification n) {
    Incident i = n.incident();
    String action = action(n);
    ObjectNode event = Json.object();
    event.put("routing_key", routingKey);
    event.put("event_action", action);
    event.put("dedup_key", "mimamori-" + i.id());
    if (!action.equals("trigger")) {
      return event;
    }
    MessageText t = MessageText.of(n);
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", Sanitize.clip(t.summary(), MAX_SUMMARY));
    payload.put("source", Sanitize.clip(Sanitize.oneLine(i.asset()), 255));
    payload.put("severity", severity(i.severity()));
    payload.put("timestamp", MessageText.utc(i.lastSeen()));
    payload.put("component", "mimamori");
    ObjectNode details = payload.putObject("custom_details");
    details.put("incident_id", i.id());
    details.put("tenant", i.tenant());
    details.put("asset", i.asset());
    details.put("title", t.title());
    details.put("status", i.status().label());
    details.put("severity", i.severity().label());
    details.put("alert_count", i.alertCount());
    details.put("first_seen", MessageText.utc(i.firstSeen()));
    details.put("last_seen", MessageText.utc(i.lastSeen()));
    details.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
    ArrayNode observables = details.putArray("observables");
    for (MessageText.Field o : t.observables()) {
      observables.add(o.label() + ": " + o.value());
    }
    if (t.note() != null) {
      details.put("note", t.note().value());
    }
    event.put("client", "mimamori");
    if (n.ackUrl() != null) {
      event
          .putArray("links")
          .addObject()
          .put("href", n.ackUrl())
          .put("text", n.japanese() ? "mimamoriで確認（アクノリッジ）する" : "Acknowledge in mimamori");
    }
    return event;
  }

  static String action(Notification n) {
    if (n.kind() != Notification.Kind.STATUS_CHANGED) {
      return "trigger";
    }
    return switch (n.incident().status()) {
      case RESOLVED, FALSE_POSITIVE -> "resolve";
      case ACKNOWLEDGED, CONTAINED -> "acknowledge";
      case NEW -> "trigger";
    };
  }

  /** mimamori's five severities on PagerDuty's four. */
  static String severity(Severity s) {
    return switch (s) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "info";
    };
  }
}
