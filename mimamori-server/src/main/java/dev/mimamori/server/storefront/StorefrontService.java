package dev.mimamori.server.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.PageMonitorRepository;
import dev.mimamori.store.PageMonitorRepository.PageMonitor;
import dev.mimamori.store.PageMonitorRepository.PageScript;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import dev.mimamori.storefront.CspGenerator;
import dev.mimamori.storefront.Flow;
import dev.mimamori.storefront.FlowParser;
import dev.mimamori.storefront.HostPolicy;
import dev.mimamori.storefront.InventoryJson;
import dev.mimamori.storefront.PageInventory;
import dev.mimamori.uptime.TargetPolicy;
import dev.mimamori.uptime.TargetRefusedException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the API and the console do with page monitors, with the caller's rights checked once here: a
 * tenant's admins configure monitors and the site's host policy; admins and analysts decide on
 * scripts; everyone in scope reads.
 */
public final class StorefrontService {
  /** A monitor as a caller describes it; null fields keep what is stored (on update). */
  public record MonitorRequest(
      @Nullable String name,
      @Nullable String url,
      @Nullable String flow,
      @Nullable Map<String, String> flowVars,
      @Nullable Integer intervalSeconds,
      @Nullable Boolean enabled) {}

  public static final int DEFAULT_INTERVAL_SECONDS = 300;

  private final Store store;
  private final TenancyService tenancy;
  private final FlowSecrets secrets;
  private final boolean allowPrivateTargets;

  /**
   * {@code allowPrivateTargets} lets monitors point at loopback and private addresses (a lab, the
   * tests); a production server monitors public shops only.
   */
  public StorefrontService(
      Store store, TenancyService tenancy, FlowSecrets secrets, boolean allowPrivateTargets) {
    this.store = store;
    this.tenancy = tenancy;
    this.secrets = secrets;
    this.allowPrivateTargets = allowPrivateTargets;
  }

  public List<PageMonitor> monitors(User u, @Nullable String site) {
    if (site != null) {
      tenancy.site(u, site);
    }
    return store.pageMonitors().list(u.scope(), site);
  }

  public PageMonitor monitor(User u, String id) {
    return store
        .pageMonitors()
        .find(u.scope(), id)
        .orElseThrow(() -> new ApiError(404, "no such page monitor"));
  }

  public PageMonitor create(User u, String siteId, MonitorRequest r) {
    SiteRepository.Site site = tenancy.site(u, siteId);
    tenancy.adminOf(u, site.tenant());
    if (r.url() == null) {
      throw new ApiError(400, "'url' is required");
    }
    PageMonitorRepository.Spec spec =
        spec(
            r.name() == null ? r.url() : r.name(),
            r.url(),
            r.flow(),
            r.flowVars(),
            r.intervalSeconds() == null ? DEFAULT_INTERVAL_SECONDS : r.intervalSeconds(),
            r.enabled() == null || r.enabled(),
            Map.of());
    try {
      return store.pageMonitors().create(u.scope(), site.tenant(), site.id(), spec);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  public PageMonitor update(User u, String id, MonitorRequest r) {
    PageMonitor m = monitor(u, id);
    tenancy.adminOf(u, m.tenant());
    if (r.url() != null
        && m.hasFlowSecret()
        && r.flowVars() == null
        && !host(r.url()).equals(host(m.url()))) {
      // The stored password is for the old host: it is never typed into another site.
      throw new ApiError(400, "a monitor moved to another host needs its flow_vars again");
    }
    Map<String, String> storedVars =
        r.flowVars() == null && m.hasFlowSecret()
            ? store.pageMonitors().flowSecret(m.id()).map(secrets::open).orElse(Map.of())
            : Map.of();
    PageMonitorRepository.Spec spec =
        spec(
            r.name() == null ? m.name() : r.name(),
            r.url() == null ? m.url() : r.url(),
            r.flow() == null ? m.flow() : (r.flow().isBlank() ? null : r.flow()),
            r.flowVars(),
            r.intervalSeconds() == null ? m.intervalSeconds() : r.intervalSeconds(),
            r.enabled() == null ? m.enabled() : r.enabled(),
            storedVars);
    try {
      return store
          .pageMonitors()
          .update(u.scope(), id, spec)
          .orElseThrow(() -> new ApiError(404, "no such page monitor"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private PageMonitorRepository.Spec spec(
      String name,
      String url,
      @Nullable String flow,
      @Nullable Map<String, String> vars,
      int interval,
      boolean enabled,
      Map<String, String> storedVars) {
    checkTarget(url);
    if (flow != null) {
      try {
        // Parsed now, so a broken flow is refused here rather than failing every check.
        Flow parsed = FlowParser.parse(flow, vars != null ? vars : storedVars);
        // Every page a flow opens is held to the same rules as the monitor's own URL.
        for (Flow.Step step : parsed.steps()) {
          if (step instanceof Flow.Open o) {
            checkTarget(URI.create(url).resolve(o.url()).toString());
          }
        }
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, e.getMessage() == null ? "bad flow" : e.getMessage());
      }
    }
    if (vars != null && vars.size() > 20) {
      throw new ApiError(400, "at most 20 flow variables");
    }
    String sealed = vars == null ? null : secrets.seal(vars);
    return new PageMonitorRepository.Spec(name, url, flow, sealed, interval, enabled);
  }

  /**
   * Refuses targets a monitor must not browse from inside the SOC's network: cloud metadata,
   * link-local, and (unless a lab allows it) loopback and private addresses.
   */
  void checkTarget(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "'url' is not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new ApiError(400, "'url' must be an http(s) URL with a host");
    }
    String host = u.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("metadata.google.internal") || host.startsWith("metadata.goog")) {
      throw new ApiError(400, "'url' names a cloud metadata service");
    }
    if (host.matches("[0-9]+|0x[0-9a-f]+")) {
      // 2130706433 and 0x7f000001 are 127.0.0.1 to a browser.
      throw new ApiError(400, "'url' names a host by a bare number");
    }
    // The uptime monitor's address rules, so both kinds of monitor refuse the same targets: what
    // the name points to now, every address; Chromium's blocklist refuses the metadata addresses
    // at request time whatever a name later resolves to.
    TargetPolicy policy =
        allowPrivateTargets ? TargetPolicy.lab(Set.of()) : TargetPolicy.strict(Set.of());
    try {
      policy.check(u);
    } catch (TargetRefusedException e) {
      throw new ApiError(
          400,
          e.getMessage().contains("metadata")
              ? "'url' names a link-local or cloud metadata address"
              : "'url' names a loopback or private address (serve --page-monitor-private allows"
                  + " it)");
    }
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  public void delete(User u, String id) {
    PageMonitor m = monitor(u, id);
    tenancy.adminOf(u, m.tenant());
    store.pageMonitors().delete(u.scope(), id);
  }

  public void checkNow(User u, String id) {
    PageMonitor m = monitor(u, id);
    requireResponder(u);
    store.pageMonitors().checkNow(u.scope(), m.id());
  }

  /** Makes the last check's inventory the baseline (after someone reviewed its findings). */
  public PageMonitor acceptBaseline(User u, String id) {
    PageMonitor m = monitor(u, id);
    requireResponder(u);
    String inventory =
        lastInventory(m).orElseThrow(() -> new ApiError(409, "no check has an inventory yet"));
    store.pageMonitors().setBaseline(u.scope(), id, inventory);
    return monitor(u, id);
  }

  public List<PageScript> scripts(User u, String id) {
    PageMonitor m = monitor(u, id);
    return store.pageMonitors().scripts(u.scope(), m.id());
  }

  public void decide(
      User u, String id, String script, String hash, String decision, String justification) {
    PageMonitor m = monitor(u, id);
    requireResponder(u);
    boolean done;
    try {
      done =
          store
              .pageMonitors()
              .decide(u.scope(), m.id(), script, hash, decision, justification, u.username());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    if (!done) {
      throw new ApiError(404, "no such script on this monitor");
    }
  }

  public HostPolicy policy(User u, String siteId) {
    SiteRepository.Site site = tenancy.site(u, siteId);
    return store
        .pageMonitors()
        .sitePolicy(u.scope(), site.id())
        .map(HostPolicy::parse)
        .orElse(HostPolicy.NONE);
  }

  public HostPolicy setPolicy(User u, String siteId, JsonNode body) {
    SiteRepository.Site site = tenancy.site(u, siteId);
    tenancy.adminOf(u, site.tenant());
    HostPolicy p;
    try {
      p = HostPolicy.parse(body.toString());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    store
        .pageMonitors()
        .setSitePolicy(
            u.scope(),
            site.id(),
            InventoryJson.write(
                Map.of("payment_hosts", p.paymentHosts(), "allowed_hosts", p.allowedHosts())));
    return p;
  }

  /**
   * A report-only CSP from the baseline (or the last inventory), reporting to {@code reportUri}.
   */
  public CspGenerator.Headers csp(User u, String id, String reportUri) {
    PageMonitor m = monitor(u, id);
    String inv =
        Optional.ofNullable(m.baseline())
            .or(() -> lastInventory(m))
            .orElseThrow(() -> new ApiError(409, "no check has an inventory yet"));
    try {
      PageInventory p = InventoryJson.read(inv);
      return CspGenerator.reportOnly(p, reportUri);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "report_uri: " + e.getMessage());
    }
  }

  /** The last check's findings and error, as stored. */
  public static JsonNode lastResult(PageMonitor m) {
    if (m.lastResult() == null) {
      return InventoryJson.MAPPER.createObjectNode();
    }
    try {
      JsonNode r = InventoryJson.MAPPER.readTree(m.lastResult());
      return r;
    } catch (IOException e) {
      return InventoryJson.MAPPER.createObjectNode();
    }
  }

  static Optional<String> lastInventory(PageMonitor m) {
    JsonNode inv = lastResult(m).get("inventory");
    return inv == null || inv.isNull() ? Optional.empty() : Optional.of(inv.toString());
  }

  private static void requireResponder(User u) {
    if (!u.canRespond()) {
      throw new ApiError(403, "only admins and analysts do this");
    }
  }
}
