package dev.mimamori.sensors.uptime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.BoundedJson;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads uptime monitor lines into events of dataset {@code uptime.monitor}: the monitored URL as
 * {@code url.*}, what happened as {@code event.action}, the details as {@code uptime.*}. {@code
 * uptime.tls.urgent} is {@code true} when a certificate has less than 3 days left, so that a rule
 * can raise the level without arithmetic. Everything but the action comes from the monitored site
 * (status texts, DNS records) and is clipped.
 */
public final class UptimeLogParser implements LogParser {
  public static final String FORMAT = "uptime";
  public static final String DATASET = "uptime.monitor";
  static final int MAX_TEXT = 1000;
  private static final int MAX_LINE = 64 * 1024;
  private static final BoundedJson JSON = new BoundedJson(MAX_LINE, 3);
  private static final Set<String> ACTIONS =
      Set.of(
          "uptime-down",
          "uptime-up",
          "uptime-flapping",
          "uptime-stable",
          "tls-expiring",
          "tls-invalid",
          "dns-changed",
          "content-changed");

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public ParseResult parse(String line, LineContext ctx) {
    JsonNode o;
    try {
      o = JSON.readObject(line);
    } catch (BoundedJson.Refused e) {
      return new ParseResult.Rejected(e.getMessage(), ctx.lineNumber());
    }
    if (!"uptime".equals(o.path("type").asText())) {
      return new ParseResult.Rejected("not an uptime line", ctx.lineNumber());
    }
    String action = o.path("action").asText();
    JsonNode time = o.get("time");
    String url = text(o, "url");
    String monitor = text(o, "monitor");
    if (!ACTIONS.contains(action)
        || time == null
        || !time.canConvertToLong()
        || url == null
        || monitor == null) {
      return new ParseResult.Rejected(
          "an uptime line needs time, monitor, url and a known action", ctx.lineNumber());
    }
    Event.Builder b =
        Event.builder()
            .timestamp(Instant.ofEpochMilli(time.longValue()))
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .urlOriginal(url)
            .urlPath(path(url))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("event.action", action);
    b.extra("uptime.monitor", monitor);
    put(b, "url.domain", host(url));
    put(b, "uptime.reason", text(o, "reason"));
    number(b, o, "failures", "uptime.failures");
    number(b, o, "down_seconds", "uptime.down_seconds");
    number(b, o, "changes", "uptime.flap.changes");
    if (o.path("up").isBoolean()) {
      b.extra("uptime.up", Boolean.toString(o.path("up").booleanValue()));
    }
    JsonNode days = o.get("days_left");
    if (days != null && days.canConvertToLong()) {
      b.extra("uptime.tls.days_left", Long.toString(days.longValue()));
      b.extra("uptime.tls.urgent", Boolean.toString(days.longValue() < 3));
    }
    put(b, "uptime.tls.not_after", text(o, "not_after"));
    List<String> problems = list(o, "problems");
    if (!problems.isEmpty()) {
      b.extra("uptime.tls.problems", String.join(",", problems));
    }
    put(b, "uptime.tls.detail", text(o, "detail"));
    put(b, "uptime.dns.name", text(o, "dns_name"));
    put(b, "uptime.dns.type", text(o, "dns_type"));
    if ("dns-changed".equals(action)) {
      b.extra("uptime.before", String.join(" ", list(o, "before")));
      b.extra("uptime.after", String.join(" ", list(o, "after")));
    } else {
      put(b, "uptime.before", text(o, "before"));
      put(b, "uptime.after", text(o, "after"));
    }
    return new ParseResult.Parsed(b.build());
  }

  private static @Nullable String path(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null || p.isEmpty() ? "/" : p;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<String> list(JsonNode o, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : o.path(field)) {
      if (n.isTextual() && out.size() < 50) {
        out.add(clip(n.asText()));
      }
    }
    return out;
  }

  private static void number(Event.Builder b, JsonNode o, String field, String name) {
    JsonNode n = o.get(field);
    if (n != null && n.canConvertToLong()) {
      b.extra(name, Long.toString(n.longValue()));
    }
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty()) {
      return null;
    }
    return clip(n.asText());
  }

  private static String clip(String t) {
    return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) + "…" : t;
  }

  private static void put(Event.Builder b, String name, @Nullable String v) {
    if (v != null) {
      b.extra(name, v);
    }
  }
}
