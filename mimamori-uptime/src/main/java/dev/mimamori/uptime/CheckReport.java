package dev.mimamori.uptime;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one scheduled check of a monitor found.
 *
 * @param tls the certificate check, null when not https or not due this time
 * @param events what to announce; empty most of the time
 */
public record CheckReport(
    String target,
    Instant at,
    HttpResult http,
    @Nullable TlsResult tls,
    List<DnsAnswer> dns,
    MonitorState.Status status,
    boolean flapping,
    List<UptimeEvent> events) {
  public CheckReport {
    dns = List.copyOf(dns);
    events = List.copyOf(events);
  }
}
