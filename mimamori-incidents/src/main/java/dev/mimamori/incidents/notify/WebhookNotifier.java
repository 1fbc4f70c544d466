package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * POSTs a stable JSON document to any URL, signed with HMAC-SHA256 ({@link WebhookSignature}) and
 * carrying {@code Idempotency-Key: <notification id>}. The document holds the raw incident fields
 * (the receiver escapes them for wherever it shows them) and {@code text}, the plain-text message.
 */
public final class WebhookNotifier implements Notifier {

  /** Observables beyond this many are left out of the document. */
  static final int MAX_OBSERVABLES = 100;

  static final int MIN_SECRET_LENGTH = 16;

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers mimamori or the HTTP client sets itself. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "te",
          "trailer",
          "keep-alive",
          "user-agent",
          "idempotency-key",
          WebhookSignature.SIGNATURE_HEADER.toLowerCase(Locale.ROOT),
          WebhookSignature.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));

  /**
   * Settings.
   *
   * @param url where to POST: http or https
   * @param secret the HMAC key shared with the receiver, at least 16 characters
   * @param headers extra headers (e.g. {@code Authorization}), or null for none
   * @param connectTimeout default 5 s
   * @param requestTimeout default 15 s
   */
  public record Config(
      String url,
      String secret,
      @Nullable Map<String, String> headers,
      @Nullable Duration connectTimeout,
      @Nullable Duration requestTimeout) {

    public Config {
      ConfigChecks.url("url", url, false);
      ConfigChecks.required("secret", secret);
      if (secret.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            "'secret' must be at least " + MIN_SECRET_LENGTH + " characters");
      }
      headers = checkHeaders(headers);
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      requestTimeout =
          ConfigChecks.timeout(
              "request_timeout", requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    public Config(String url, String secret) {
      this(url, secret, null, null, null);
    }

    /** Shows the URL's host only, the headers' names only, and no secret. */
    @Override
    public String toString() {
      return "WebhookNotifier.Config[url="
          + ConfigChecks.redact(URI.create(url.strip()))
          + ", secret="
          + ConfigChecks.masked(secret)
          + ", headers="
          + (headers == null ? "[]" : headers.keySet())
          + ", connectTimeout="
          + connectTimeout
          + ", requestTimeout="
          + requestTimeout
          + "]";
    }

    private static Map<String, String> checkHeaders(@Nullable Map<String, String> headers) {
      if (headers == null) {
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      headers.forEach(
          (name, value) -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
              throw new IllegalArgumentException("a header name in 'headers' is not a valid name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
              throw new IllegalArgumentException(
                  "header '" + name + "' is set by mimamori and cannot be configured");
            }
            if (value == null
                || !value.chars().allMatch(c -> c == ' ' || c == '\t' || (c > 0x20 && c < 0x7f))) {
              throw new IllegalArgumentException(
                  "header '" + name + "' must have a printable ASCII value");
            }
            out.put(name, value);
          });
      return Collections.unmodifiableMap(out);
    }
  }

  private final URI url;
  private final String secret;
  private final Map<String, String> headers;
  private final HttpDelivery delivery;
  private final Clock clock;

  public WebhookNotifier(Config config) {
    this(config, Clock.systemUTC());
  }

  WebhookNotifier(Config config, Clock clock) {
    this.url = URI.create(config.url().strip());
    this.secret = config.secret();
    this.headers = config.headers() == null ? Map.of() : config.headers();
    this.clock = clock;
    this.delivery =
        new HttpDelivery(type(), config.connectTimeout(), config.requestTimeout(), clock);
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    String body = Json.write(document(n));
    long timestamp = clock.instant().getEpochSecond();
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
    h.put(
        WebhookSignature.SIGNATURE_HEADER,
        WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    h.put("Idempotency-Key", HttpDelivery.headerValue(n.id()));
    delivery.post(url, "application/json", body, h);
  }

  /** The document: the same fields, in the same order, for every notification. */
  static ObjectNode document(Notification n) {
    Incident i = n.incident();
    ObjectNode doc = Json.object();
    doc.put("id", n.id());
    doc.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
    ObjectNode inc = doc.putObject("incident");
    inc.put("id", i.id());
    inc.put("tenant", i.tenant());
    inc.put("asset", i.asset());
    inc.put("title", i.title());
    inc.put("status", i.status().label());
    inc.put("severity", i.severity().label());
    inc.put("alert_count", i.alertCount());
    inc.put("first_seen", MessageText.utc(i.firstSeen()));
    inc.put("last_seen", MessageText.utc(i.lastSeen()));
    ArrayNode observables = inc.putArray("observables");
    for (Observable o : i.observables()) {
      if (observables.size() == MAX_OBSERVABLES) {
        break;
      }
      observables.addObject().put("type", o.type().label()).put("value", o.value());
    }
    doc.put("recipient", n.recipient());
    doc.put("ack_url", n.ackUrl());
    doc.put("note", n.note());
    doc.put("locale", n.japanese() ? "ja" : "en");
    doc.put("text", MessageText.of(n).body());
    return doc;
  }
}
