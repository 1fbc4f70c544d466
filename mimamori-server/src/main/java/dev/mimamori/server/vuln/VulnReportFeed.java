package dev.mimamori.server.vuln;

import dev.mimamori.server.report.ReportFeed;
import dev.mimamori.server.report.ReportLanguage;
import dev.mimamori.server.report.ReportSection;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.VulnRepository.AcceptedRisk;
import dev.mimamori.vuln.match.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly report's vulnerability section: the findings still open on the tenant's sites when
 * the report is made (a finding is a state, not an event of the month), accepted risks marked, in
 * the report's language.
 */
public final class VulnReportFeed implements ReportFeed {
  private static final int ROWS = 50;

  private final VulnService vulns;
  private final Clock clock;

  public VulnReportFeed(VulnService vulns, Clock clock) {
    this.vulns = vulns;
    this.clock = clock;
  }

  @Override
  public ReportSection read(
      TenantScope scope, String tenant, Instant from, Instant to, ReportLanguage language) {
    if (!scope.allows(tenant)) {
      return new ReportSection.Rows(List.of(), 0);
    }
    List<SiteFinding> mine =
        vulns.findings(scope).stream().filter(f -> f.tenant().equals(tenant)).toList();
    Instant now = clock.instant();
    Instant at = now.isBefore(to) ? now : to;
    List<ReportSection.Row> rows = new ArrayList<>();
    for (SiteFinding sf : mine.subList(0, Math.min(ROWS, mine.size()))) {
      Finding f = sf.finding();
      String detail = detail(sf, f, language);
      rows.add(
          new ReportSection.Row(
              at,
              sf.siteName() + ": " + f.component().pkg().name() + " " + f.component().version(),
              detail.length() > 300 ? detail.substring(0, 300) + "…" : detail));
    }
    return new ReportSection.Rows(rows, mine.size());
  }

  static String detail(SiteFinding sf, Finding f, ReportLanguage language) {
    boolean ja = language == ReportLanguage.JA;
    String fix;
    if (f.fixedIn() == null) {
      fix = ja ? " — 修正版は不明" : " — no fixed version known";
    } else {
      fix = ja ? " — 修正版 " + f.fixedIn() : " — fixed in " + f.fixedIn();
    }
    String accepted = "";
    AcceptedRisk risk = sf.accepted();
    if (risk != null) {
      String until = LocalDate.ofInstant(risk.expiresAt(), language.zone()).toString();
      accepted =
          ja
              ? " — リスク受容 (" + until + " まで): " + risk.reason()
              : " — risk accepted until " + until + ": " + risk.reason();
    }
    return String.join(" ", f.ids()) + " (" + severity(f, ja) + ") " + f.title() + fix + accepted;
  }

  private static String severity(Finding f, boolean ja) {
    if (!ja) {
      return f.severity().name();
    }
    // JVN's words for CVSS ratings, as Japanese advisories write them.
    return switch (f.severity()) {
      case CRITICAL -> "緊急";
      case HIGH -> "重要";
      case MEDIUM -> "警告";
      case LOW -> "注意";
      case NONE -> "なし";
      case UNKNOWN -> "不明";
    };
  }
}
