package dev.mimamori.server.uptime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.uptime.CheckSpec;
import dev.mimamori.uptime.DnsQuery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A monitor's settings as the API takes them and the store keeps them (JSON), to and from a
 * validated {@link CheckSpec}. Unknown fields are refused so that a typo is not silently ignored.
 */
public final class MonitorSettings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of(
          "url",
          "interval_seconds",
          "timeout_seconds",
          "expected_status",
          "keyword",
          "watch_content",
          "tls_warn_days",
          "dns",
          "failures_to_down",
          "successes_to_up");

  private MonitorSettings() {}

  /**
   * The spec from a request body, with the fields it leaves out taken from {@code base}.
   *
   * @throws IllegalArgumentException naming the wrong field
   */
  public static CheckSpec read(JsonNode body, CheckSpec base) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field: " + f);
              }
            });
    URI url = body.has("url") ? URI.create(text(body, "url")) : base.url();
    if (url.toString().length() > 2000) {
      throw new IllegalArgumentException("url is longer than 2000 characters");
    }
    Duration interval =
        body.has("interval_seconds")
            ? Duration.ofSeconds(number(body, "interval_seconds"))
            : base.interval();
    Duration timeout =
        body.has("timeout_seconds")
            ? Duration.ofSeconds(number(body, "timeout_seconds"))
            : base.timeout().compareTo(interval) > 0 ? interval : base.timeout();
    Set<Integer> expected = base.expectedStatus();
    if (body.has("expected_status")) {
      expected = new LinkedHashSet<>();
      for (JsonNode n : body.get("expected_status")) {
        if (!n.canConvertToInt()) {
          throw new IllegalArgumentException("expected_status holds status codes");
        }
        expected.add(n.intValue());
      }
    }
    String keyword = base.keyword();
    if (body.has("keyword")) {
      keyword = body.get("keyword").isNull() ? null : text(body, "keyword");
    }
    boolean watch =
        body.has("watch_content") ? body.get("watch_content").asBoolean() : base.watchContent();
    int warn = body.has("tls_warn_days") ? (int) number(body, "tls_warn_days") : base.tlsWarnDays();
    List<DnsQuery> dns = base.dns();
    if (body.has("dns")) {
      List<DnsQuery> d = new ArrayList<>();
      for (JsonNode n : body.get("dns")) {
        if (!n.isTextual()) {
          throw new IllegalArgumentException("dns holds NAME or NAME:TYPE texts");
        }
        d.add(DnsQuery.parse(n.asText()));
      }
      if (d.size() > 10) {
        throw new IllegalArgumentException("at most 10 dns names per monitor");
      }
      dns = d;
    }
    int toDown =
        body.has("failures_to_down")
            ? (int) number(body, "failures_to_down")
            : base.failuresToDown();
    int toUp =
        body.has("successes_to_up") ? (int) number(body, "successes_to_up") : base.successesToUp();
    return new CheckSpec(url, interval, timeout, expected, keyword, watch, warn, dns, toDown, toUp);
  }

  /** A new monitor's spec: the body must name the url. */
  public static CheckSpec create(JsonNode body) {
    if (!body.hasNonNull("url")) {
      throw new IllegalArgumentException("url is required");
    }
    return read(body, CheckSpec.of(URI.create(text(body, "url"))));
  }

  /** The stored form (and the API's "settings"). */
  public static ObjectNode write(CheckSpec s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("url", s.url().toString());
    o.put("interval_seconds", s.interval().toSeconds());
    o.put("timeout_seconds", s.timeout().toSeconds());
    var st = o.putArray("expected_status");
    s.expectedStatus().stream().sorted().forEach(st::add);
    o.put("keyword", s.keyword());
    o.put("watch_content", s.watchContent());
    o.put("tls_warn_days", s.tlsWarnDays());
    var d = o.putArray("dns");
    s.dns().forEach(q -> d.add(q.toString()));
    o.put("failures_to_down", s.failuresToDown());
    o.put("successes_to_up", s.successesToUp());
    return o;
  }

  public static CheckSpec parse(String stored) {
    try {
      return create(JSON.readTree(stored));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("stored monitor settings are not JSON", e);
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty text");
    }
    return n.asText().strip();
  }

  private static long number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    // Cast to int by callers: a huge value must not wrap into a valid-looking one.
    if (n.longValue() < -1_000_000_000L || n.longValue() > 1_000_000_000L) {
      throw new IllegalArgumentException(field + " is out of range");
    }
    return n.longValue();
  }
}
