package dev.mimamori.server.report;

import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's month, read from the store: everything the HTML, the PDF and the e-mail show, and
 * nothing about how they show it. Text that came from attackers or customers (titles, targets,
 * paths, the tenant's name) has its invisible characters made visible ({@link VisibleText}).
 *
 * @param tenant the tenant's id
 * @param tenantName its name
 * @param month the month
 * @param language the language, which sets the time zone of the month's bounds and of every date
 * @param generatedAt when the report was made
 * @param incidents counts and the per-day histogram
 * @param top the most severe incidents active in the month
 * @param blocked the response actions taken in the month (the first ones, up to a page)
 * @param blockedTotal how many response actions were taken in the month in all
 * @param files file changes (file-integrity alerts)
 * @param storefrontScripts scripts on the shop's pages (a monitor to come)
 * @param uptime availability (a monitor to come)
 * @param vulnerabilities open vulnerabilities (a monitor to come)
 */
public record MonthlyReport(
    String tenant,
    String tenantName,
    ReportMonth month,
    ReportLanguage language,
    Instant generatedAt,
    Incidents incidents,
    List<TopIncident> top,
    List<Blocked> blocked,
    long blockedTotal,
    FileChanges files,
    ReportSection storefrontScripts,
    ReportSection uptime,
    ReportSection vulnerabilities) {

  public MonthlyReport {
    top = List.copyOf(top);
    blocked = List.copyOf(blocked);
  }

  /**
   * @param opened incidents first seen in the month
   * @param resolved incidents set to resolved in the month
   * @param bySeverity the opened ones by severity, most severe first, every severity present
   * @param perDay the opened ones per day of the month (day 1 first)
   */
  public record Incidents(
      long opened, long resolved, Map<Severity, Long> bySeverity, List<Long> perDay) {
    public Incidents {
      bySeverity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySeverity));
      perDay = List.copyOf(perDay);
    }
  }

  /** An incident of the month, as the table of top incidents lists it. */
  public record TopIncident(
      String id,
      String title,
      String asset,
      Severity severity,
      IncidentStatus status,
      int chainStage,
      int alertCount,
      Instant firstSeen,
      Instant lastSeen) {}

  /**
   * A response action (a block, a ban, a page taken down).
   *
   * @param action the configured action's name
   * @param targetType {@code ip}, {@code user}, {@code file}…
   * @param target what it acted on, as text
   * @param at when it was taken
   * @param expiresAt when it runs out, if it does
   * @param undoneAt when it was undone (by a person or its expiry), if it was
   */
  public record Blocked(
      String action,
      String targetType,
      String target,
      Instant at,
      @Nullable Instant expiresAt,
      @Nullable Instant undoneAt) {}

  /** File changes: how many, and the newest of them. */
  public record FileChanges(long total, List<FileChange> items) {
    public FileChanges {
      items = List.copyOf(items);
    }
  }

  /**
   * @param at when it was seen
   * @param change {@code added}, {@code modified}, {@code deleted}…
   * @param path the file
   * @param severity how bad
   * @param reason why it matters
   */
  public record FileChange(
      Instant at, String change, String path, Severity severity, String reason) {}
}
