package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.vuln.SiteFinding;
import dev.mimamori.server.vuln.VulnService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.User;
import dev.mimamori.store.VulnRepository.AcceptedRisk;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.inventory.Component;
import dev.mimamori.vuln.match.Finding;
import dev.mimamori.vuln.match.Verdict;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vulnerabilities: the findings of the caller's sites, what a site runs (uploaded by {@code
 * mimamori vuln scan} or any inventory tool), and accepted risks with a reason and an expiry.
 * Another tenant's site or risk answers 404, like every object.
 */
public final class VulnRoutes {
  private static final int MAX_COMPONENTS = 20_000;

  private final ApiRoutes api;
  private final TenancyService tenancy;
  private final VulnService vulns;
  private final dev.mimamori.store.Store store;

  public VulnRoutes(
      ApiRoutes api, dev.mimamori.store.Store store, TenancyService tenancy, VulnService vulns) {
    this.api = api;
    this.store = store;
    this.tenancy = tenancy;
    this.vulns = vulns;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.get(p + "/vulnerabilities", this::list);
    app.post(p + "/sites/{id}/software", this::uploadSoftware);
    app.post(p + "/sites/{id}/accepted-risks", this::acceptRisk);
    app.delete(p + "/accepted-risks/{id}", this::deleteRisk);
  }

  private void list(Context ctx) {
    User u = ApiRoutes.user(ctx);
    List<Map<String, Object>> items = new ArrayList<>();
    dev.mimamori.server.vuln.RuleSightings seen = vulns.sightings(u.scope());
    for (SiteFinding f : vulns.findings(u.scope())) {
      items.add(finding(f, seen));
    }
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  /** Who may change what a site runs or accept a risk: its admins and the SOC's responders. */
  private SiteRepository.Site writableSite(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site s = tenancy.site(u, ctx.pathParam("id"));
    if (!u.canRespond()) {
      throw new ApiError(403, "only admins and analysts do this");
    }
    return s;
  }

  private void uploadSoftware(Context ctx) {
    SiteRepository.Site s = writableSite(ctx);
    JsonNode body = api.readJson(ctx);
    JsonNode list = body.path("components");
    if (!list.isArray() || list.size() > MAX_COMPONENTS) {
      throw new ApiError(400, "components: a list of at most " + MAX_COMPONENTS + " objects");
    }
    List<Component> components = new ArrayList<>();
    for (JsonNode c : list) {
      String ecosystem = field(c, "ecosystem", 40);
      String name = field(c, "name", 214);
      String version = field(c, "version", 64);
      String foundIn = c.path("found_in").asText("");
      components.add(
          new Component(
              new PackageRef(ecosystem, name),
              version,
              foundIn.length() > 500 ? foundIn.substring(0, 500) : foundIn));
    }
    if (!vulns.replaceSoftware(ApiRoutes.user(ctx).scope(), s.id(), components)) {
      throw new ApiError(404, "no such site");
    }
    List<Map<String, Object>> items = new ArrayList<>();
    dev.mimamori.server.vuln.RuleSightings seen = vulns.sightings(ApiRoutes.user(ctx).scope());
    for (SiteFinding f : vulns.findings(ApiRoutes.user(ctx).scope())) {
      if (f.siteId().equals(s.id())) {
        items.add(finding(f, seen));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", s.id());
    out.put("components", components.size());
    out.put("findings", items);
    ctx.json(out);
  }

  private static String field(JsonNode c, String name, int max) {
    String v = c.path(name).asText("");
    if (v.isBlank() || v.length() > max) {
      throw new ApiError(400, "components[]." + name + ": 1 to " + max + " characters");
    }
    return v;
  }

  private void acceptRisk(Context ctx) {
    SiteRepository.Site s = writableSite(ctx);
    User u = ApiRoutes.user(ctx);
    JsonNode body = api.readJson(ctx);
    Instant expires;
    try {
      expires = Instant.parse(ApiRoutes.text(body, "expires_at"));
    } catch (DateTimeParseException e) {
      throw new ApiError(400, "expires_at: an ISO-8601 instant such as 2026-12-31T00:00:00Z");
    }
    try {
      AcceptedRisk r =
          store
              .vulns()
              .acceptRisk(
                  u.scope(),
                  s.id(),
                  ApiRoutes.text(body, "advisory_id"),
                  ApiRoutes.text(body, "reason"),
                  expires,
                  u.username())
              .orElseThrow(() -> new ApiError(404, "no such site"));
      ctx.status(HttpStatus.CREATED).json(risk(r));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private void deleteRisk(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String id = ctx.pathParam("id");
    AcceptedRisk r =
        store.vulns().risks(u.scope()).stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new ApiError(404, "no such accepted risk"));
    if (!u.canRespond()) {
      throw new ApiError(403, "only admins and analysts do this");
    }
    store.vulns().deleteRisk(u.scope(), r.id());
    ctx.status(HttpStatus.NO_CONTENT);
  }

  static Map<String, Object> finding(SiteFinding sf, dev.mimamori.server.vuln.RuleSightings seen) {
    Finding f = sf.finding();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("tenant", sf.tenant());
    o.put("site", sf.siteId());
    o.put("site_name", sf.siteName());
    o.put("package", f.component().pkg().name());
    o.put("ecosystem", f.component().pkg().ecosystem());
    o.put("version", f.component().version());
    o.put("found_in", f.component().foundIn());
    o.put("ids", f.ids());
    o.put("severity", f.severity().name());
    o.put("fixed_in", f.fixedIn());
    o.put("title", f.title());
    o.put("impact", f.impact());
    o.put("fix_urls", f.fixUrls());
    o.put("rules", f.rules());
    // "Vulnerable" and "attacked" side by side: alerts of the linked rules in the tenant lately.
    o.put("attacked", seen.of(sf.tenant(), f.rules()));
    o.put("attacked_since", seen.since().toString());
    o.put("disagreement", f.disagreement());
    List<Map<String, Object>> sources = new ArrayList<>();
    for (Verdict v : f.verdicts()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("source", v.source().name().toLowerCase(Locale.ROOT));
      s.put("id", v.id());
      s.put("affected", v.affected());
      s.put("range", v.range());
      s.put("notes", v.notes());
      sources.add(s);
    }
    o.put("sources", sources);
    o.put("accepted", sf.accepted() == null ? null : risk(sf.accepted()));
    return o;
  }

  static Map<String, Object> risk(AcceptedRisk r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", r.id());
    o.put("tenant", r.tenant());
    o.put("site", r.siteId());
    o.put("advisory_id", r.advisoryId());
    o.put("reason", r.reason());
    o.put("expires_at", r.expiresAt().toString());
    o.put("created_by", r.createdBy());
    o.put("created_at", r.createdAt().toString());
    return o;
  }
}
