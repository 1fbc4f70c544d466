package dev.mimamori.server.vuln;

import dev.mimamori.server.report.ReportFeed;
import dev.mimamori.server.report.ReportSection;
import dev.mimamori.store.TenantScope;
import dev.mimamori.vuln.match.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly report's vulnerability section: the findings still open on the tenant's sites when
 * the report is made (a finding is a state, not an event of the month), accepted risks marked.
 */
public final class VulnReportFeed implements ReportFeed {
  private static final int ROWS = 50;

  private final VulnService vulns;

  public VulnReportFeed(VulnService vulns) {
    this.vulns = vulns;
  }

  @Override
  public ReportSection read(TenantScope scope, String tenant, Instant from, Instant to) {
    if (!scope.allows(tenant)) {
      return new ReportSection.Rows(List.of(), 0);
    }
    List<SiteFinding> mine =
        vulns.findings(scope).stream().filter(f -> f.tenant().equals(tenant)).toList();
    Instant at = Instant.now().isBefore(to) ? Instant.now() : to;
    List<ReportSection.Row> rows = new ArrayList<>();
    for (SiteFinding sf : mine.subList(0, Math.min(ROWS, mine.size()))) {
      Finding f = sf.finding();
      String detail =
          String.join(" ", f.ids())
              + " ("
              + f.severity().name()
              + ") "
              + f.title()
              + (f.fixedIn() == null ? " — no fixed version known" : " — fixed in " + f.fixedIn())
              + (sf.accepted() == null
                  ? ""
                  : " — risk accepted until "
                      + sf.accepted().expiresAt()
                      + ": "
                      + sf.accepted().reason());
      rows.add(
          new ReportSection.Row(
              at,
              sf.siteName() + ": " + f.component().pkg().name() + " " + f.component().version(),
              detail.length() > 300 ? detail.substring(0, 300) + "…" : detail));
    }
    return new ReportSection.Rows(rows, mine.size());
  }
}
