package dev.mimamori.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.storefront.StorefrontService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.PageMonitorRepository.PageMonitor;
import dev.mimamori.store.PageMonitorRepository.PageScript;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import dev.mimamori.storefront.HostPolicy;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The storefront monitor in the console: each page monitor's state and last findings, and the
 * script inventory where each script is authorized with a justification (PCI DSS 6.4.3).
 */
public final class StorefrontPages {
  /** A monitor as the list shows it. */
  public record Row(
      PageMonitor monitor, String siteName, int findings, long pendingScripts, String error) {}

  /** A finding of the last check as the page shows it. */
  public record Finding(String severity, String kind, String message) {}

  private final ConsoleRoutes console;
  private final ConsoleAdminRoutes admin;
  private final Store store;
  private final StorefrontService service;

  public StorefrontPages(
      ConsoleRoutes console, ConsoleAdminRoutes admin, Store store, StorefrontService service) {
    this.console = console;
    this.admin = admin;
    this.store = store;
    this.service = service;
  }

  public void register(Javalin app) {
    app.get("/storefront", admin.page(this::list));
    app.post("/storefront", admin.form(this::create));
    app.get("/storefront/{id}", admin.page(this::detail));
    app.post("/storefront/{id}/check", admin.form(this::checkNow));
    app.post("/storefront/{id}/baseline", admin.form(this::baseline));
    app.post("/storefront/{id}/scripts", admin.form(this::decide));
    app.post("/storefront/{id}/policy", admin.form(this::policy));
    app.post("/storefront/{id}/delete", admin.form(this::delete));
  }

  private void list(Context ctx, Session s) {
    User u = s.user();
    Map<String, String> siteNames = new LinkedHashMap<>();
    List<SiteRepository.Site> sites = store.sites().list(u.scope(), null);
    sites.forEach(x -> siteNames.put(x.id(), x.name()));
    List<Row> rows = new ArrayList<>();
    for (PageMonitor m : service.monitors(u, null)) {
      JsonNode last = StorefrontService.lastResult(m);
      long pending =
          service.scripts(u, m.id()).stream().filter(x -> x.decision().equals("pending")).count();
      rows.add(
          new Row(
              m,
              siteNames.getOrDefault(m.site(), m.site()),
              last.path("findings").size(),
              pending,
              last.path("error").asText("")));
    }
    Map<String, Object> p = admin.params(ctx, s, "/storefront");
    p.put("rows", rows);
    p.put("sites", sites);
    p.put("canChange", User.ADMIN.equals(u.role()));
    console.render(ctx, "admin/storefront.jte", p);
  }

  private void create(Context ctx, Session s) {
    String site = required(ctx, "site");
    if (store.sites().find(s.user().scope(), site).isEmpty()) {
      throw new ApiError(404, "no such site"); // before the form's other fields are judged
    }
    PageMonitor m =
        service.create(
            s.user(),
            site,
            new StorefrontService.MonitorRequest(
                optional(ctx, "name"),
                required(ctx, "url"),
                optional(ctx, "flow"),
                vars(ctx),
                interval(ctx),
                true));
    ConsoleAdminRoutes.back(ctx, "/storefront/" + ConsoleAdminRoutes.seg(m.id()));
  }

  private void detail(Context ctx, Session s) {
    User u = s.user();
    PageMonitor m = service.monitor(u, ctx.pathParam("id"));
    JsonNode last = StorefrontService.lastResult(m);
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : last.path("findings")) {
      findings.add(
          new Finding(
              f.path("severity").asText(), f.path("kind").asText(), f.path("message").asText()));
    }
    List<PageScript> scripts = service.scripts(u, m.id());
    String csp = "";
    try {
      csp = service.csp(u, m.id(), "").asText();
    } catch (ApiError e) {
      // No inventory yet: nothing to generate from.
    }
    HostPolicy policy = service.policy(u, m.site());
    Map<String, Object> p = admin.params(ctx, s, "/storefront");
    p.put("monitor", m);
    p.put(
        "site", store.sites().find(u.scope(), m.site()).map(SiteRepository.Site::name).orElse(""));
    p.put("error", last.path("error").asText(""));
    p.put("findings", findings);
    p.put("scripts", scripts);
    p.put("csp", csp);
    p.put("paymentHosts", String.join("\n", policy.paymentHosts()));
    p.put("allowedHosts", String.join("\n", policy.allowedHosts()));
    p.put("canRespond", u.canRespond());
    p.put("canChange", User.ADMIN.equals(u.role()));
    console.render(ctx, "admin/storefront-monitor.jte", p);
  }

  private void checkNow(Context ctx, Session s) {
    service.checkNow(s.user(), ctx.pathParam("id"));
    ConsoleAdminRoutes.back(ctx, here(ctx));
  }

  private void baseline(Context ctx, Session s) {
    service.acceptBaseline(s.user(), ctx.pathParam("id"));
    ConsoleAdminRoutes.back(ctx, here(ctx));
  }

  private void decide(Context ctx, Session s) {
    service.monitor(s.user(), ctx.pathParam("id")); // another tenant's: 404 before the form
    service.decide(
        s.user(),
        ctx.pathParam("id"),
        required(ctx, "script"),
        required(ctx, "hash"),
        required(ctx, "decision"),
        Optional.ofNullable(ctx.formParam("justification")).orElse(""));
    ConsoleAdminRoutes.back(ctx, here(ctx));
  }

  private void policy(Context ctx, Session s) {
    PageMonitor m = service.monitor(s.user(), ctx.pathParam("id"));
    var body = dev.mimamori.storefront.InventoryJson.MAPPER.createObjectNode();
    var pay = body.putArray("payment_hosts");
    lines(ctx.formParam("payment_hosts")).forEach(pay::add);
    var allowed = body.putArray("allowed_hosts");
    lines(ctx.formParam("allowed_hosts")).forEach(allowed::add);
    service.setPolicy(s.user(), m.site(), body);
    ConsoleAdminRoutes.back(ctx, here(ctx));
  }

  private void delete(Context ctx, Session s) {
    service.delete(s.user(), ctx.pathParam("id"));
    ConsoleAdminRoutes.back(ctx, "/storefront");
  }

  private static String here(Context ctx) {
    return "/storefront/" + ConsoleAdminRoutes.seg(ctx.pathParam("id"));
  }

  private static List<String> lines(@Nullable String v) {
    List<String> out = new ArrayList<>();
    for (String l : (v == null ? "" : v).split("[\\r\\n,]+")) {
      if (!l.isBlank()) {
        out.add(l.strip());
      }
    }
    if (out.size() > 200) {
      throw new ApiError(400, "at most 200 hosts");
    }
    return out;
  }

  private static @Nullable Map<String, String> vars(Context ctx) {
    String v = ctx.formParam("flow_vars");
    if (v == null || v.isBlank()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : v.split("\\r?\\n")) {
      if (l.isBlank()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq < 1) {
        throw new ApiError(400, "flow variables are NAME=VALUE lines");
      }
      out.put(l.substring(0, eq).strip(), l.substring(eq + 1));
    }
    return out;
  }

  private static @Nullable Integer interval(Context ctx) {
    String v = ctx.formParam("interval_seconds");
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "interval_seconds must be a whole number");
    }
  }

  private static String required(Context ctx, String field) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) {
      throw new ApiError(400, "'" + field + "' is required");
    }
    return v.strip();
  }

  private static @Nullable String optional(Context ctx, String field) {
    String v = ctx.formParam(field);
    return v == null || v.isBlank() ? null : v;
  }
}
