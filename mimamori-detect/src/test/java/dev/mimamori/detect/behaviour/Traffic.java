package dev.mimamori.detect.behaviour;

import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.model.Event;
import dev.mimamori.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Events and conditions for the behaviour rule tests: requests to one shop, in event time. */
final class Traffic {
  static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

  private Traffic() {}

  static RuleMeta meta(Duration suppress) {
    return new RuleMeta("mm-test", "Test rule", "web.test", Severity.HIGH, suppress);
  }

  static FieldCondition isOneOf(String field, String... values) {
    return new FieldCondition(field, null, null, null, List.of(values), null, null, null, null);
  }

  static FieldCondition regex(String field, String regex) {
    return new FieldCondition(field, true, regex, null, null, null, null, null, null);
  }

  static FieldCondition contains(String field, String... words) {
    return new FieldCondition(field, null, null, List.of(words), null, null, null, null, null);
  }

  /** The n-th address of 10.0.0.0/8: a million distinct ones. */
  static String ip(int n) {
    return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }

  static Event.Builder request(String ip, String method, String path, int status, Instant at) {
    return Event.builder()
        .timestamp(at)
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("http.access")
        .original(ip + " \"" + method + " " + path + "\" " + status)
        .sourceIp(ip)
        .method(method)
        .urlOriginal(path)
        .urlPath(path)
        .statusCode(status)
        .logFilePath("/var/log/nginx/access.log");
  }

  static Event post(String ip, String path, Instant at) {
    return request(ip, "POST", path, 302, at).build();
  }

  static Event get(String ip, String path, Instant at) {
    return request(ip, "GET", path, 200, at).build();
  }
}
