package dev.mimamori.server.console;

import dev.mimamori.archive.AssetActivity;
import dev.mimamori.model.Severity;
import dev.mimamori.store.AssetAlerts;
import dev.mimamori.store.IncidentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows, all within the reader's tenant scope: open incidents by severity and
 * tenant, and per shop what the sensors saw in the last day and whether it went quiet.
 *
 * @param bySeverity open incidents per severity, most severe first
 * @param tenants open incidents per tenant and severity
 * @param sites per shop: events and alerts of the last day, the last event, quiet or not
 * @param quiet the shops whose events stopped
 */
public record Dashboard(
    List<SeverityCount> bySeverity,
    List<TenantCounts> tenants,
    List<SiteActivity> sites,
    List<SiteActivity> quiet) {

  /** The period the per-shop counts cover. */
  static final Duration RECENT = Duration.ofHours(24);

  /** A shop that sent events before and none for this long has gone quiet. */
  static final Duration QUIET_AFTER = Duration.ofHours(1);

  /** How far back the archive is looked into for a shop's last event. */
  static final Duration LOOKBACK = Duration.ofDays(7);

  /** The severities, most severe first, as the dashboard's columns. */
  public static final List<Severity> SEVERITIES =
      List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO);

  public record SeverityCount(Severity severity, long count) {}

  /** One tenant's open incidents, per severity (in {@link #SEVERITIES}' order) and in all. */
  public record TenantCounts(String tenant, List<Long> counts, long total) {}

  /**
   * One shop.
   *
   * @param lastEvent the newest event in the last {@link #LOOKBACK}, or null when it raised alerts
   *     but its events are not archived
   */
  public record SiteActivity(
      String tenant,
      String asset,
      long events,
      long alerts,
      @Nullable Instant lastEvent,
      @Nullable Instant lastAlert,
      boolean quiet) {}

  /** The dashboard of a scope: what {@code /dashboard} and {@code GET /api/v1/dashboard} show. */
  public static Dashboard read(
      dev.mimamori.store.Store store,
      dev.mimamori.archive.EventArchive archive,
      dev.mimamori.store.TenantScope scope,
      Instant now,
      int maxSites)
      throws java.io.IOException {
    return of(
        store.incidents().openCounts(scope),
        archive.activity(
            scope.all() ? null : scope.tenants(), now.minus(RECENT), now.minus(LOOKBACK), maxSites),
        store.incidents().alertsByAsset(scope, now.minus(RECENT), maxSites),
        now);
  }

  static Dashboard of(
      List<IncidentRepository.OpenCount> open,
      List<AssetActivity> events,
      List<AssetAlerts> alerts,
      Instant now) {
    Map<Severity, Long> total = new EnumMap<>(Severity.class);
    Map<String, Map<Severity, Long>> perTenant = new TreeMap<>();
    for (IncidentRepository.OpenCount c : open) {
      Severity sev = Severity.parse(c.severity());
      total.merge(sev, c.count(), Long::sum);
      perTenant
          .computeIfAbsent(c.tenant(), t -> new EnumMap<>(Severity.class))
          .merge(sev, c.count(), Long::sum);
    }
    List<SeverityCount> bySeverity = new ArrayList<>();
    for (Severity s : SEVERITIES) {
      bySeverity.add(new SeverityCount(s, total.getOrDefault(s, 0L)));
    }
    List<TenantCounts> tenants = new ArrayList<>();
    perTenant.forEach(
        (t, m) -> {
          List<Long> counts = SEVERITIES.stream().map(s -> m.getOrDefault(s, 0L)).toList();
          tenants.add(
              new TenantCounts(t, counts, counts.stream().mapToLong(Long::longValue).sum()));
        });

    Map<String, SiteActivity> sites = new TreeMap<>();
    for (AssetActivity a : events) {
      boolean quiet = a.lastEvent().isBefore(now.minus(QUIET_AFTER));
      sites.put(
          key(a.tenant(), a.asset()),
          new SiteActivity(a.tenant(), a.asset(), a.recent(), 0, a.lastEvent(), null, quiet));
    }
    for (AssetAlerts a : alerts) {
      SiteActivity had = sites.get(key(a.tenant(), a.asset()));
      sites.put(
          key(a.tenant(), a.asset()),
          had == null
              ? new SiteActivity(a.tenant(), a.asset(), 0, a.count(), null, a.last(), false)
              : new SiteActivity(
                  had.tenant(),
                  had.asset(),
                  had.events(),
                  a.count(),
                  had.lastEvent(),
                  a.last(),
                  had.quiet()));
    }
    List<SiteActivity> all = List.copyOf(sites.values());
    return new Dashboard(
        bySeverity, tenants, all, all.stream().filter(SiteActivity::quiet).toList());
  }

  private static String key(String tenant, String asset) {
    return tenant + "\u0000" + asset;
  }
}
