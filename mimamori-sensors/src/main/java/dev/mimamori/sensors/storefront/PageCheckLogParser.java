package dev.mimamori.sensors.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.BoundedJson;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link PageCheckLine}s into events of dataset {@code storefront.check}: the page as {@code
 * url.*}, the finding as {@code storefront.kind} ({@code new_script}, {@code changed_script},
 * {@code new_host}, {@code sensitive_data_sent}, {@code check_failed}, …), {@code
 * storefront.severity}, {@code storefront.script} and {@code storefront.host}: what the rules of
 * {@code pack/storefront-monitor.yml} alert on.
 */
public final class PageCheckLogParser implements LogParser {
  public static final String FORMAT = "page-check";
  public static final String DATASET = "storefront.check";
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_TEXT = 4096;
  private static final BoundedJson JSON = new BoundedJson(MAX_LINE, 4);
  private static final Set<String> SEVERITIES = Set.of("info", "low", "medium", "high", "critical");

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
    if (!"page-check".equals(o.path("type").asText())) {
      return new ParseResult.Rejected("not a page check line", ctx.lineNumber());
    }
    String page = text(o, "page_url");
    String kind = text(o, "kind");
    String severity = text(o, "severity");
    JsonNode time = o.get("time");
    if (page == null || kind == null || time == null || !time.canConvertToLong()) {
      return new ParseResult.Rejected(
          "a page check line needs time, page_url and kind", ctx.lineNumber());
    }
    if (!kind.matches("[a-z_]{1,40}")) {
      return new ParseResult.Rejected(
          "a page check kind is a short lower-case word", ctx.lineNumber());
    }
    if (severity == null || !SEVERITIES.contains(severity)) {
      return new ParseResult.Rejected(
          "a page check severity is info, low, medium, high or critical", ctx.lineNumber());
    }
    Event.Builder b =
        Event.builder()
            .timestamp(Instant.ofEpochMilli(time.longValue()))
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .urlOriginal(page)
            .urlPath(path(page))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("event.action", "page-check");
    b.extra("storefront.kind", kind);
    b.extra("storefront.severity", severity);
    put(b, "url.domain", host(page));
    put(b, "storefront.monitor", text(o, "monitor"));
    put(b, "storefront.monitor_name", text(o, "monitor_name"));
    put(b, "storefront.script", text(o, "script"));
    put(b, "storefront.host", text(o, "host"));
    put(b, "storefront.message", text(o, "message"));
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

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      return null;
    }
    String s = n.asText();
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  private static void put(Event.Builder b, String name, @Nullable String v) {
    if (v != null) {
      b.extra(name, v);
    }
  }
}
