package dev.mimamori.sensors.storefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One finding of a page check as a log line (format {@code page-check}, read by {@link
 * PageCheckLogParser}). The server's page monitor writes these; nothing else is trusted to.
 */
public final class PageCheckLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a finding says; texts are clipped by the parser, not here. */
  public record Finding(
      String monitor,
      String monitorName,
      String pageUrl,
      String kind,
      String severity,
      String script,
      String host,
      String message) {}

  private PageCheckLine() {}

  public static String write(Finding f, Instant at) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "page-check");
    o.put("time", at.toEpochMilli());
    o.put("monitor", f.monitor());
    o.put("monitor_name", f.monitorName());
    o.put("page_url", f.pageUrl());
    o.put("kind", f.kind());
    o.put("severity", f.severity());
    o.put("script", f.script());
    o.put("host", f.host());
    o.put("message", f.message());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
