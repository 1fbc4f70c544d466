package dev.mimamori.server.report;

import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.store.ActionRepository;
import dev.mimamori.store.ReportRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantRepository;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one tenant's month from the store into a {@link MonthlyReport}. Every read carries the
 * caller's scope: a tenant outside it has no report ({@link Optional#empty()}), the same answer as
 * a tenant that does not exist.
 */
public final class ReportBuilder {
  /** Rows in the table of top incidents. */
  static final int TOP = 10;

  /** Rows in the tables of actions and file changes (the counts cover all). */
  static final int ROWS = 50;

  /** Longest text shown from outside (titles, paths, targets). */
  static final int MAX_TEXT = 300;

  private final Store store;
  private final ReportFeeds feeds;
  private final Clock clock;

  public ReportBuilder(Store store, ReportFeeds feeds, Clock clock) {
    this.store = store;
    this.feeds = feeds;
    this.clock = clock;
  }

  public Optional<MonthlyReport> build(
      TenantScope scope, String tenant, ReportMonth month, ReportLanguage language) {
    Optional<TenantRepository.Tenant> found =
        scope.allows(tenant) ? store.tenants().find(scope, tenant) : Optional.empty();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ZoneId zone = language.zone();
    Instant from = month.start(zone);
    Instant to = month.end(zone);
    ReportRepository reports = store.reports();
    return Optional.of(
        new MonthlyReport(
            tenant,
            VisibleText.of(found.get().name(), MAX_TEXT),
            month,
            language,
            clock.instant(),
            incidents(
                reports.opened(scope, tenant, from, to),
                reports.resolved(scope, tenant, from, to),
                month,
                zone),
            reports.top(scope, tenant, from, to, TOP).stream().map(ReportBuilder::top).toList(),
            store.actions().history(scope, tenant, from, to, ROWS).stream()
                .map(ReportBuilder::blocked)
                .toList(),
            store.actions().countTaken(scope, tenant, from, to),
            files(reports.fileChanges(scope, tenant, from, to, ROWS)),
            feeds.storefrontScripts().read(scope, tenant, from, to, language),
            feeds.uptime().read(scope, tenant, from, to, language),
            feeds.vulnerabilities().read(scope, tenant, from, to, language)));
  }

  static MonthlyReport.Incidents incidents(
      List<ReportRepository.Opened> opened, long resolved, ReportMonth month, ZoneId zone) {
    Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    long[] perDay = new long[month.month().lengthOfMonth()];
    for (ReportRepository.Opened o : opened) {
      bySeverity.merge(o.severity(), 1L, Long::sum);
      int day = o.firstSeen().atZone(zone).getDayOfMonth();
      perDay[day - 1]++;
    }
    Map<Severity, Long> ordered = new LinkedHashMap<>();
    Severity[] all = Severity.values();
    for (int i = all.length - 1; i >= 0; i--) {
      ordered.put(all[i], bySeverity.getOrDefault(all[i], 0L));
    }
    List<Long> days = new ArrayList<>(perDay.length);
    for (long n : perDay) {
      days.add(n);
    }
    return new MonthlyReport.Incidents(opened.size(), resolved, ordered, days);
  }

  private static MonthlyReport.TopIncident top(Incident i) {
    return new MonthlyReport.TopIncident(
        i.id(),
        VisibleText.of(i.title(), MAX_TEXT),
        VisibleText.of(i.asset(), MAX_TEXT),
        i.severity(),
        i.status(),
        i.chainStage(),
        i.alertCount(),
        i.firstSeen(),
        i.lastSeen());
  }

  private static MonthlyReport.Blocked blocked(ActionRepository.Entry h) {
    ActionRepository.Taken t = h.taken();
    return new MonthlyReport.Blocked(
        VisibleText.of(t.action(), MAX_TEXT),
        t.target().type().label(),
        VisibleText.of(t.target().value(), MAX_TEXT),
        t.createdAt(),
        t.expiresAt(),
        h.undoneAt());
  }

  private static MonthlyReport.FileChanges files(ReportRepository.FileChanges changes) {
    List<MonthlyReport.FileChange> items = new ArrayList<>();
    for (Alert a : changes.items()) {
      String change = a.ruleId().startsWith("mm-fim-") ? a.ruleId().substring(7) : a.ruleId();
      items.add(
          new MonthlyReport.FileChange(
              a.timestamp(),
              VisibleText.of(change, 40),
              VisibleText.of(path(a), MAX_TEXT),
              a.severity(),
              VisibleText.of(reason(a), MAX_TEXT)));
    }
    return new MonthlyReport.FileChanges(changes.total(), items);
  }

  /** The file: its observable, or the path the alert's evidence names. */
  private static String path(Alert a) {
    for (Observable o : a.observables()) {
      if (o.type() == Observable.Type.FILE_PATH) {
        return o.value();
      }
    }
    return a.evidence().isEmpty() ? "" : a.evidence().get(0).logFilePath();
  }

  /** Why the change matters: the title after "change path: ", as FimAlerts writes it. */
  private static String reason(Alert a) {
    int colon = a.title().indexOf(": ");
    if (colon >= 0) {
      return a.title().substring(colon + 2);
    }
    List<EvidenceRef> e = a.evidence();
    return e.isEmpty() ? a.title() : e.get(0).original();
  }
}
