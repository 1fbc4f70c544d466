package dev.mimamori.server.uptime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.store.UptimeMonitorRepository;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of the console's monitor list: the state and the last result, flattened for the
 * template. Everything from the monitored site (failure detail, DNS records) is shown as text.
 *
 * @param certDaysLeft null when the monitor is not https or the certificate was not read yet
 * @param dns one {@code name TYPE: records} text per watched name
 */
public record MonitorRow(
    String tenant,
    String url,
    String state,
    @Nullable String checkedAt,
    int status,
    long latencyMs,
    String failure,
    @Nullable Long certDaysLeft,
    String certProblems,
    List<String> dns) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public MonitorRow {
    dns = List.copyOf(dns);
  }

  public static MonitorRow of(
      UptimeMonitorRepository.Monitor m, UptimeMonitorRepository.@Nullable Status s) {
    if (s == null) {
      return new MonitorRow(m.tenant(), m.url(), "UNKNOWN", null, 0, 0, "", null, "", List.of());
    }
    JsonNode r;
    try {
      r = JSON.readTree(s.result());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      r = JSON.createObjectNode();
    }
    JsonNode tls = r.path("tls");
    List<String> problems = new ArrayList<>();
    tls.path("problems").forEach(p -> problems.add(p.asText()));
    List<String> dns = new ArrayList<>();
    for (JsonNode d : r.path("dns")) {
      List<String> records = new ArrayList<>();
      d.path("records").forEach(x -> records.add(x.asText()));
      String answer =
          d.hasNonNull("failure") ? d.get("failure").asText() : String.join(" ", records);
      dns.add(d.path("name").asText() + " " + d.path("type").asText() + ": " + answer);
    }
    String failure =
        r.hasNonNull("failure")
            ? r.get("failure").asText()
                + (r.path("detail").asText().isEmpty() ? "" : ": " + r.path("detail").asText())
            : "";
    return new MonitorRow(
        m.tenant(),
        m.url(),
        s.state(),
        s.checkedAt().toString(),
        r.path("status").asInt(),
        r.path("latency_ms").asLong(),
        failure,
        tls.has("days_left") ? tls.get("days_left").asLong() : null,
        String.join(", ", problems),
        dns);
  }
}
