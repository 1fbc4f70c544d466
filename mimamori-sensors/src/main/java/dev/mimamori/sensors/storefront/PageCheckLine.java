package dev.mimamori.sensors.storefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One finding of a page check as a log line (format {@code page-check}, read by {@link
 * PageCheckLogParser}). The server's page monitor writes these; nothing else is trusted to. Every
 * text is clipped here, so a finding about a skimmer's 70 KB beacon URL is still one line the
 * parser takes, never a rejected and so lost alert.
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

  static final int MAX_TEXT = 2000;

  public static String write(Finding f, Instant at) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "page-check");
    o.put("time", at.toEpochMilli());
    o.put("monitor", clip(f.monitor()));
    o.put("monitor_name", clip(f.monitorName()));
    o.put("page_url", clip(f.pageUrl()));
    o.put("kind", clip(f.kind()));
    o.put("severity", clip(f.severity()));
    o.put("script", clip(f.script()));
    o.put("host", clip(f.host()));
    o.put("message", clip(f.message()));
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clip(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
