package dev.mimamori.sensors.csp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report as one log line for the pipeline (format {@code csp}, read by {@link CspLogParser}): the
 * report, when and from where it came, and the site's own hosts, so that the parser can tell a
 * foreign blocked host without looking anything up.
 */
public final class CspLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CspLine() {}

  public static String write(
      CspReport r,
      Instant received,
      @Nullable String clientIp,
      @Nullable String userAgent,
      List<String> siteHosts) {
    return write(r, received, clientIp, userAgent, siteHosts, 0);
  }

  /**
   * With {@code repeats}: how many reports like this one the server counted, without storing them,
   * since the last one it stored.
   */
  public static String write(
      CspReport r,
      Instant received,
      @Nullable String clientIp,
      @Nullable String userAgent,
      List<String> siteHosts,
      int repeats) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "csp-violation");
    o.put("time", received.toEpochMilli());
    o.put("document_url", r.documentUrl());
    o.put("blocked_url", r.blockedUrl());
    o.put("directive", r.directive());
    o.put("disposition", r.disposition());
    o.put("source_file", r.sourceFile());
    o.put("line_number", r.lineNumber());
    o.put("sample", r.sample());
    o.put("referrer", r.referrer());
    o.put("status_code", r.statusCode());
    o.put("client_ip", clientIp);
    o.put("user_agent", userAgent == null ? null : CspReportReader.clip(userAgent));
    if (repeats > 0) {
      o.put("repeats", repeats);
    }
    var hosts = o.putArray("site_hosts");
    siteHosts.stream().limit(50).forEach(hosts::add);
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
