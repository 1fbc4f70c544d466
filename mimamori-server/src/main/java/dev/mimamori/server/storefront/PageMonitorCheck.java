package dev.mimamori.server.storefront;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.model.Severity;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.sensors.storefront.PageCheckLine;
import dev.mimamori.sensors.storefront.PageCheckLogParser;
import dev.mimamori.server.LineIngestor;
import dev.mimamori.store.PageMonitorRepository;
import dev.mimamori.store.PageMonitorRepository.PageMonitor;
import dev.mimamori.store.PageMonitorRepository.Seen;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.storefront.Flow;
import dev.mimamori.storefront.FlowParser;
import dev.mimamori.storefront.HostPolicy;
import dev.mimamori.storefront.InventoryJson;
import dev.mimamori.storefront.PageCheck;
import dev.mimamori.storefront.PageInventory;
import dev.mimamori.storefront.PageVisit;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled check of a page monitor: visit the page (after its flow) in a fresh browser,
 * compare with the baseline under the site's host policy, drop what someone approved, record the
 * scripts seen, and send findings that were not there at the last check to the pipeline. The first
 * good check becomes the baseline and alerts nothing.
 */
public final class PageMonitorCheck {
  private static final Logger LOG = LoggerFactory.getLogger(PageMonitorCheck.class);

  public static final String OK = "ok";
  public static final String FINDINGS = "findings";
  public static final String FAILED = "failed";
  public static final String BASELINE = "baseline";

  private final Store store;
  private final PageVisitor visitor;
  private final FlowSecrets secrets;
  private final LineIngestor ingestor;
  private final PageVisit.Limits limits;
  private final Clock clock;

  public PageMonitorCheck(
      Store store,
      PageVisitor visitor,
      FlowSecrets secrets,
      LineIngestor ingestor,
      PageVisit.Limits limits,
      Clock clock) {
    this.store = store;
    this.visitor = visitor;
    this.secrets = secrets;
    this.ingestor = ingestor;
    this.limits = limits;
    this.clock = clock;
  }

  /** Runs the check; returns the status recorded. */
  public String run(PageMonitor m) throws InterruptedException {
    TenantScope scope = TenantScope.of(m.tenant());
    SiteRepository.Site site = store.sites().find(scope, m.site()).orElse(null);
    if (site == null) {
      return FAILED; // deleted while queued
    }
    Set<String> before = previousAlerts(m);
    PageInventory now;
    try {
      now = visitor.visit(m.url(), flow(m), limits);
    } catch (PageVisit.Failed | IllegalArgumentException | IllegalStateException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      return failed(m, site, "page could not be checked: " + reason, before);
    }
    Instant at = clock.instant();
    List<Seen> seen = new ArrayList<>();
    for (PageInventory.Script s : now.scripts()) {
      seen.add(new Seen(scriptKey(s), s.hash(), s.host()));
    }
    store.pageMonitors().sawScripts(m.tenant(), m.id(), seen, at);
    String inventory = InventoryJson.write(now);
    if (m.baseline() == null) {
      store
          .pageMonitors()
          .recordCheck(
              m.id(),
              at,
              BASELINE,
              result(BASELINE, "", List.of(), inventory, Set.of()),
              inventory);
      return BASELINE;
    }
    PageInventory baseline;
    try {
      baseline = InventoryJson.read(m.baseline());
    } catch (IOException e) {
      return failed(m, site, "the stored baseline cannot be read; accept a new one", before);
    }
    PageCheck.Report report = PageCheck.compare(baseline, now, policy(scope, m.site()));
    Set<String> approved = approved(scope, m.id());
    List<PageCheck.Finding> findings = new ArrayList<>();
    for (PageCheck.Finding f : report.findings()) {
      if (isScriptChange(f) && approved.contains(f.script() + " " + hashOf(now, f.script()))) {
        continue;
      }
      findings.add(f);
    }
    String status =
        findings.stream().anyMatch(f -> f.severity().compareTo(Severity.MEDIUM) >= 0)
            ? FINDINGS
            : OK;
    Set<String> alerted = send(m, site, findings, before, now);
    store
        .pageMonitors()
        .recordCheck(m.id(), at, status, result(status, "", findings, inventory, alerted), null);
    return status;
  }

  /**
   * A check that gave no inventory: recorded as failed and alerted once; what was alerted before
   * stays remembered, so the page's recovery does not alert every lasting finding again.
   */
  private String failed(PageMonitor m, SiteRepository.Site site, String why, Set<String> before)
      throws InterruptedException {
    PageCheck.Finding f = new PageCheck.Finding(Severity.LOW, "check_failed", "", "", why);
    Set<String> alerted = new LinkedHashSet<>(before);
    alerted.addAll(send(m, site, List.of(f), before, null));
    store
        .pageMonitors()
        .recordCheck(
            m.id(), clock.instant(), FAILED, result(FAILED, why, List.of(f), null, alerted), null);
    return FAILED;
  }

  private Flow flow(PageMonitor m) {
    if (m.flow() == null || m.flow().isBlank()) {
      return Flow.NONE;
    }
    Map<String, String> vars =
        store.pageMonitors().flowSecret(m.id()).map(secrets::open).orElse(Map.of());
    return FlowParser.parse(m.flow(), vars);
  }

  private HostPolicy policy(TenantScope scope, String site) {
    return store
        .pageMonitors()
        .sitePolicy(scope, site)
        .map(HostPolicy::parse)
        .orElse(HostPolicy.NONE);
  }

  private Set<String> approved(TenantScope scope, String monitor) {
    Set<String> out = new LinkedHashSet<>();
    for (PageMonitorRepository.PageScript s : store.pageMonitors().scripts(scope, monitor)) {
      if (PageMonitorRepository.APPROVED.equals(s.decision())) {
        out.add(s.script() + " " + s.hash());
      }
    }
    return out;
  }

  private static boolean isScriptChange(PageCheck.Finding f) {
    return f.kind().equals("new_script") || f.kind().equals("changed_script");
  }

  /** The hash of the script a finding names, as this check saw it. */
  private static String hashOf(PageInventory now, String script) {
    if (script.startsWith("inline:")) {
      return script.substring("inline:".length());
    }
    for (PageInventory.Script s : now.scripts()) {
      if (!s.inline() && s.src().equals(script)) {
        return s.hash();
      }
    }
    return "";
  }

  /** How the inventory names a script: its src, or inline:SHA-256 for inline ones. */
  public static String scriptKey(PageInventory.Script s) {
    return s.inline() ? "inline:" + s.hash() : s.src();
  }

  /**
   * Sends the findings of MEDIUM and above (and check failures) that were not alerted before: a
   * diff, not a nag. Returns the keys of every alerting finding that is now alerted; a batch the
   * pipeline refused is left out, so the next check sends it again.
   */
  private Set<String> send(
      PageMonitor m,
      SiteRepository.Site site,
      List<PageCheck.Finding> findings,
      Set<String> before,
      @Nullable PageInventory now)
      throws InterruptedException {
    Set<String> alerted = new LinkedHashSet<>();
    Set<String> fresh = new LinkedHashSet<>();
    List<String> lines = new ArrayList<>();
    Instant at = clock.instant();
    for (PageCheck.Finding f : findings) {
      boolean alerting =
          f.severity().compareTo(Severity.MEDIUM) >= 0 || f.kind().equals("check_failed");
      if (!alerting) {
        continue;
      }
      String key = key(f, now);
      if (before.contains(key)) {
        alerted.add(key);
        continue;
      }
      fresh.add(key);
      lines.add(
          PageCheckLine.write(
              new PageCheckLine.Finding(
                  m.id(),
                  m.name(),
                  m.url(),
                  f.kind(),
                  f.severity().label(),
                  f.script(),
                  f.host(),
                  f.message()),
              at));
    }
    if (!lines.isEmpty()) {
      Pipeline.Submitted s =
          ingestor.ingest(m.tenant(), asset(site), PageCheckLogParser.FORMAT, lines);
      if (s == Pipeline.Submitted.REFUSED) {
        LOG.warn(
            "page monitor {}: the pipeline refused {} findings; the next check sends them",
            m.id(),
            lines.size());
      } else {
        alerted.addAll(fresh);
      }
    }
    return alerted;
  }

  /** The site's first host names the asset, as for CSP reports. */
  static String asset(SiteRepository.Site site) {
    return dev.mimamori.server.csp.CspReportRoutes.asset(site);
  }

  /** A finding's identity across checks; a script's includes its hash, so B then C is news. */
  static String key(PageCheck.Finding f, @Nullable PageInventory now) {
    String hash = now != null && isScriptChange(f) ? " " + hashOf(now, f.script()) : "";
    return f.kind() + " " + f.script() + " " + f.host() + hash;
  }

  /** The keys of what was alerted up to the last check. */
  private static Set<String> previousAlerts(PageMonitor m) {
    Set<String> out = new LinkedHashSet<>();
    if (m.lastResult() == null) {
      return out;
    }
    try {
      InventoryJson.MAPPER
          .readTree(m.lastResult())
          .path("alerted")
          .forEach(k -> out.add(k.asText()));
    } catch (IOException e) {
      // An unreadable last result: every finding counts as new.
    }
    return out;
  }

  /** The stored result: status, error, findings, what is alerted, and the inventory seen. */
  static String result(
      String status,
      String error,
      List<PageCheck.Finding> findings,
      @Nullable String inventory,
      Set<String> alerted) {
    ObjectNode o = InventoryJson.MAPPER.createObjectNode();
    o.put("status", status);
    if (!error.isEmpty()) {
      o.put("error", error);
    }
    ArrayNode a = o.putArray("findings");
    for (PageCheck.Finding f : findings) {
      a.add(InventoryJson.MAPPER.valueToTree(f));
    }
    ArrayNode keys = o.putArray("alerted");
    alerted.forEach(keys::add);
    if (inventory != null) {
      try {
        o.set("inventory", InventoryJson.MAPPER.readTree(inventory));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return InventoryJson.write(o);
  }
}
