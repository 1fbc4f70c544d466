package dev.mimamori.sensors.csp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.BoundedJson;
import dev.mimamori.sensors.parse.IpLiteral;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the lines {@link CspLine} writes into events of dataset {@code csp.report}: the page as
 * {@code url.*}, the browser as {@code source.ip} and {@code user_agent.original}, the violation as
 * {@code csp.*}. {@code csp.blocked.foreign} is {@code true} when the blocked URL names a host that
 * is neither the page's nor one of the site's (nor a subdomain of them): what the rules in {@code
 * pack/csp-reports.yml} alert on for checkout pages.
 */
public final class CspLogParser implements LogParser {
  public static final String FORMAT = "csp";
  public static final String DATASET = "csp.report";
  // Room for every field at its clip length even when JSON escapes each character (\u0001).
  private static final int MAX_LINE = 256 * 1024;
  private static final BoundedJson JSON = new BoundedJson(MAX_LINE, 4);

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
    if (!"csp-violation".equals(o.path("type").asText())) {
      return new ParseResult.Rejected("not a CSP report line", ctx.lineNumber());
    }
    String document = text(o, "document_url");
    String directive = text(o, "directive");
    JsonNode time = o.get("time");
    if (document == null || directive == null || time == null || !time.canConvertToLong()) {
      return new ParseResult.Rejected(
          "a CSP report line needs time, document_url and directive", ctx.lineNumber());
    }
    CspReport r =
        new CspReport(
            document,
            text(o, "blocked_url"),
            directive,
            "report".equals(text(o, "disposition")) ? "report" : "enforce",
            text(o, "source_file"),
            null,
            text(o, "sample"),
            text(o, "referrer"),
            null);
    String clientIp = text(o, "client_ip");
    Event.Builder b =
        Event.builder()
            .timestamp(Instant.ofEpochMilli(time.longValue()))
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .sourceIp(clientIp != null && IpLiteral.isIp(clientIp) ? clientIp : null)
            .urlOriginal(document)
            .urlPath(r.documentPath())
            .referrer(r.referrer())
            .userAgent(text(o, "user_agent"))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("event.action", "csp-violation");
    put(b, "url.domain", r.documentHost());
    b.extra("csp.directive", directive);
    b.extra("csp.disposition", r.disposition());
    put(b, "csp.blocked.uri", r.blockedUrl());
    String blockedHost = r.blockedHost();
    put(b, "csp.blocked.host", blockedHost);
    b.extra(
        "csp.blocked.foreign", Boolean.toString(foreign(blockedHost, r.documentHost(), hosts(o))));
    put(b, "csp.source_file", r.sourceFile());
    JsonNode ln = o.get("line_number");
    if (ln != null && ln.canConvertToInt()) {
      b.extra("csp.line_number", Integer.toString(ln.intValue()));
    }
    put(b, "csp.sample", r.sample());
    JsonNode repeats = o.get("repeats");
    if (repeats != null && repeats.canConvertToInt() && repeats.intValue() > 0) {
      b.extra("csp.repeats", Integer.toString(repeats.intValue()));
    }
    return new ParseResult.Parsed(b.build());
  }

  /** A blocked host that is neither the page's nor the site's, nor under one of them. */
  static boolean foreign(
      @Nullable String blocked, @Nullable String documentHost, List<String> siteHosts) {
    if (blocked == null) {
      return false;
    }
    List<String> own = new ArrayList<>(siteHosts);
    if (documentHost != null) {
      own.add(documentHost);
    }
    for (String h : own) {
      String host = h.toLowerCase(Locale.ROOT);
      if (blocked.equals(host) || blocked.endsWith("." + host)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> hosts(JsonNode o) {
    List<String> out = new ArrayList<>();
    for (JsonNode h : o.path("site_hosts")) {
      if (h.isTextual() && !h.asText().isEmpty()) {
        out.add(h.asText());
      }
    }
    return out;
  }

  private static @Nullable String text(JsonNode o, String field) {
    return CspReportReader.text(o.get(field));
  }

  private static void put(Event.Builder b, String name, @Nullable String v) {
    if (v != null) {
      b.extra(name, v);
    }
  }
}
