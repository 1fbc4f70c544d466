package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import java.time.Instant;

/** Events for the Sigma tests: a web request as the combined-log parser would make it. */
final class Events {
  static final Instant T0 = Instant.parse("2026-11-19T18:00:00Z");
  static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36";

  private Events() {}

  static Event.Builder request(String method, String target) {
    int q = target.indexOf('?');
    return Event.builder()
        .timestamp(T0)
        .tenant("acme")
        .asset("shop")
        .dataset("http.access")
        .original(
            "203.0.113.7 - - \""
                + method
                + " "
                + target
                + " HTTP/1.1\" 200 100 \"-\" \""
                + BROWSER
                + "\"")
        .sourceIp("203.0.113.7")
        .method(method)
        .urlOriginal(target)
        .urlPath(q < 0 ? target : target.substring(0, q))
        .urlQuery(q < 0 ? null : target.substring(q + 1))
        .statusCode(200)
        .responseBytes(100L)
        .userAgent(BROWSER)
        .logFilePath("/var/log/nginx/access.log");
  }

  static Event get(String target) {
    return request("GET", target).build();
  }

  /**
   * An event from ECS fields by name (test data files): typed fields set through the builder, the
   * rest as extra fields; {@code url.original} also fills url.path and url.query unless given.
   */
  static Event fromFields(java.util.Map<String, String> fields) {
    Event.Builder b =
        Event.builder()
            .timestamp(T0)
            .tenant("acme")
            .asset("shop")
            .dataset("http.access")
            .logFilePath("access.log");
    String url = fields.get("url.original");
    if (url != null) {
      int q = url.indexOf('?');
      b.urlOriginal(url).urlPath(q < 0 ? url : url.substring(0, q));
      b.urlQuery(q < 0 ? null : url.substring(q + 1));
    }
    fields.forEach(
        (k, v) -> {
          switch (k) {
            case "@timestamp" -> b.timestamp(Instant.parse(v));
            case "organization.id" -> b.tenant(v);
            case "host.name" -> b.asset(v);
            case "event.original" -> b.original(v);
            case "source.ip" -> b.sourceIp(v);
            case "http.request.method" -> b.method(v);
            case "url.original" -> b.urlOriginal(v);
            case "url.path" -> b.urlPath(v);
            case "url.query" -> b.urlQuery(v);
            case "http.response.status_code" -> b.statusCode(Integer.valueOf(v));
            case "http.response.body.bytes" -> b.responseBytes(Long.valueOf(v));
            case "http.request.referrer" -> b.referrer(v);
            case "user_agent.original" -> b.userAgent(v);
            case "user.name" -> b.userName(v);
            default -> b.extra(k, v);
          }
        });
    return b.build();
  }
}
