package dev.mimamori.server.report;

import java.time.Instant;
import java.util.List;

/**
 * A section fed by a monitor that mimamori may not have yet (storefront scripts, uptime, open
 * vulnerabilities): either no such monitor is configured, or the rows it reported for the month.
 */
public sealed interface ReportSection {
  /** No monitor feeds this section: the report says so rather than "nothing happened". */
  record NotConfigured() implements ReportSection {}

  /**
   * What the monitor reported.
   *
   * @param rows at most a page of them, newest first
   * @param total how many there were
   */
  record Rows(List<Row> rows, long total) implements ReportSection {
    public Rows {
      rows = List.copyOf(rows);
    }
  }

  /**
   * One thing a monitor saw. Text from outside (a script's URL) is shown as text, never as a link.
   *
   * @param at when
   * @param subject what (a script URL, a check, a package)
   * @param detail what about it (added, changed, down for 4 minutes, CVE-…)
   */
  record Row(Instant at, String subject, String detail) {}

  static ReportSection notConfigured() {
    return new NotConfigured();
  }
}
