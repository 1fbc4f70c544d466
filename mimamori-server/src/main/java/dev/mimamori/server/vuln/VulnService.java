package dev.mimamori.server.vuln;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Severity;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.VulnRepository.AcceptedRisk;
import dev.mimamori.store.VulnRepository.FindingKey;
import dev.mimamori.store.VulnRepository.SiteComponent;
import dev.mimamori.vuln.advisory.AdvisoryGroup;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.inventory.Component;
import dev.mimamori.vuln.match.Finding;
import dev.mimamori.vuln.match.FindingMatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Findings of the watched sites. The advisories are read from the store once per import (they are
 * global); each site's findings are computed from what it runs. A finding seen for the first time
 * becomes an alert of the site's tenant through the pipeline, so it is triaged like any other.
 */
public final class VulnService {
  /** The rule id of the alerts new findings raise. */
  public static final String RULE = "mm-vuln-advisory";

  private static final Logger LOG = LoggerFactory.getLogger(VulnService.class);

  private final Store store;
  private final Clock clock;
  private final AlertSubmitter alerts;
  private volatile String stamp = "";
  private volatile List<AdvisoryGroup> groups = List.of();

  /** What "lately" is measured from (the server's clock). */
  public Clock clock() {
    return clock;
  }

  /** Sightings of the findings' exploitation rules for one request of {@code scope}. */
  public RuleSightings sightings(dev.mimamori.store.TenantScope scope) {
    return new RuleSightings(store, scope, clock);
  }

  public VulnService(Store store, Clock clock, AlertSubmitter alerts) {
    this.store = store;
    this.clock = clock;
    this.alerts = alerts;
  }

  private synchronized List<AdvisoryGroup> groups() {
    String now = store.vulns().advisoryStamp();
    if (!now.equals(stamp)) {
      groups =
          Merger.merge(
              store.vulns().advisories(p -> LOG.warn("stored advisory unreadable: {}", p)));
      stamp = now;
    }
    return groups;
  }

  /** The findings of the scope's sites, most severe first. */
  public List<SiteFinding> findings(TenantScope scope) {
    Map<String, SiteRepository.Site> sites = new LinkedHashMap<>();
    store.sites().list(scope, null).forEach(s -> sites.put(s.id(), s));
    Map<String, List<SiteComponent>> bySite =
        store.vulns().software(scope).stream()
            .collect(
                Collectors.groupingBy(
                    SiteComponent::siteId, LinkedHashMap::new, Collectors.toList()));
    List<AcceptedRisk> risks = store.vulns().risks(scope);
    FindingMatcher matcher = new FindingMatcher(groups());
    Instant now = clock.instant();
    List<SiteFinding> out = new ArrayList<>();
    bySite.forEach(
        (siteId, components) -> {
          SiteRepository.Site site = sites.get(siteId);
          if (site == null) {
            return;
          }
          for (Finding f :
              matcher.match(components.stream().map(SiteComponent::component).toList(), n -> {})) {
            out.add(
                new SiteFinding(
                    site.tenant(), site.id(), site.name(), f, accepted(risks, site.id(), f, now)));
          }
        });
    out.sort(
        java.util.Comparator.comparing((SiteFinding s) -> s.accepted() != null)
            .thenComparing(s -> s.finding().severity(), java.util.Comparator.reverseOrder()));
    return out;
  }

  private static @Nullable AcceptedRisk accepted(
      List<AcceptedRisk> risks, String site, Finding f, Instant now) {
    for (AcceptedRisk r : risks) {
      if (r.siteId().equals(site)
          && f.ids().contains(r.advisoryId())
          && r.expiresAt().isAfter(now)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Replaces what a site runs and raises alerts for its new findings. False when the site is not in
   * the scope.
   */
  public boolean replaceSoftware(TenantScope scope, String siteId, List<Component> components) {
    if (!store.vulns().replaceSoftware(scope, siteId, components)) {
      return false;
    }
    alertNew(scope);
    return true;
  }

  /** Checks every site against the advisories (after an import) and alerts the new findings. */
  public void checkAll() {
    alertNew(TenantScope.allTenants());
  }

  /**
   * The id a finding is remembered by: its first CVE when it has one, which stays the same when a
   * JVN record about the same flaw arrives later (the displayed primary id becomes the JVN number
   * then, and the finding must not alert again).
   */
  static String stableId(dev.mimamori.vuln.match.Finding f) {
    return f.ids().stream()
        .filter(i -> i.startsWith("CVE-"))
        .sorted()
        .findFirst()
        .orElse(f.primaryId());
  }

  private void alertNew(TenantScope scope) {
    Map<String, List<SiteFinding>> byTenant =
        findings(scope).stream()
            .filter(f -> f.accepted() == null)
            .collect(Collectors.groupingBy(SiteFinding::tenant));
    byTenant.forEach(
        (tenant, list) -> {
          Map<FindingKey, SiteFinding> keys = new LinkedHashMap<>();
          for (SiteFinding f : list) {
            Component c = f.finding().component();
            keys.put(new FindingKey(f.siteId(), stableId(f.finding()), c.pkg(), c.version()), f);
          }
          Set<FindingKey> fresh =
              Set.copyOf(store.vulns().markSeen(scope, tenant, List.copyOf(keys.keySet())));
          keys.forEach(
              (k, f) -> {
                if (fresh.contains(k)) {
                  submit(alert(f));
                }
              });
        });
  }

  private void submit(Alert a) {
    try {
      if (!alerts.submit(a)) {
        LOG.warn("vulnerability not alerted (stopping): {}", Sanitize.oneLine(a.title()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Alert alert(SiteFinding sf) {
    Finding f = sf.finding();
    Component c = f.component();
    Instant at = clock.instant();
    String title =
        "Vulnerable "
            + c.pkg().name()
            + " "
            + c.version()
            + ": "
            + f.primaryId()
            + " — "
            + f.title()
            + (f.fixedIn() == null ? "" : " (fixed in " + f.fixedIn() + ")");
    String evidence =
        String.join(" ", f.ids())
            + " applies to "
            + c.pkg()
            + " "
            + c.version()
            + " found in "
            + c.foundIn()
            + (f.fixedIn() == null ? "; no fixed version known" : "; fixed in " + f.fixedIn())
            + (f.fixUrls().isEmpty() ? "" : "; " + f.fixUrls().get(0))
            + (f.rules().isEmpty() ? "" : "; detection rules: " + String.join(", ", f.rules()));
    return new Alert(
        "vuln-" + digest(sf.siteId() + "\n" + f.primaryId() + "\n" + c.pkg() + "\n" + c.version()),
        RULE,
        title.length() > 300 ? title.substring(0, 300) + "…" : title,
        "vuln.advisory",
        severity(f.severity()),
        sf.tenant(),
        sf.siteName(),
        at,
        null,
        List.of(new EvidenceRef(at, "advisory", 0, 0, evidence)),
        Set.of(),
        null);
  }

  private static Severity severity(dev.mimamori.vuln.advisory.Severity s) {
    return switch (s) {
      case CRITICAL -> Severity.CRITICAL;
      case HIGH -> Severity.HIGH;
      case MEDIUM, UNKNOWN -> Severity.MEDIUM;
      case LOW, NONE -> Severity.LOW;
    };
  }

  private static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
