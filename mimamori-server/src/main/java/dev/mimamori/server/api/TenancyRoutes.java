package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantRepository;
import dev.mimamori.store.User;
import dev.mimamori.store.UserRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenants (customer companies), their sites (shops) and users. The SOC's admins create tenants and
 * any user; a tenant's admin manages its own tenant's customers, viewers and sites; everyone reads
 * what their scope holds. Another tenant's objects answer 404, never 403, so ids cannot be probed.
 */
public final class TenancyRoutes {
  private final ApiRoutes api;
  private final Store store;
  private final TenancyService tenancy;
  private final SecondFactor secondFactor;

  public TenancyRoutes(
      ApiRoutes api, Store store, TenancyService tenancy, SecondFactor secondFactor) {
    this.api = api;
    this.store = store;
    this.tenancy = tenancy;
    this.secondFactor = secondFactor;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.post(p + "/tenants", this::createTenant);
    app.get(p + "/tenants", this::listTenants);
    app.get(p + "/tenants/{id}", this::getTenant);
    app.patch(p + "/tenants/{id}", this::renameTenant);
    app.post(p + "/tenants/{id}/sites", this::createSite);
    app.get(p + "/tenants/{id}/sites", this::listSites);
    app.get(p + "/sites/{id}", this::getSite);
    app.delete(p + "/sites/{id}", this::deleteSite);
    app.post(p + "/sites/{id}/csp-token", this::rotateCspToken);
    app.post(p + "/users", this::createUser);
    app.get(p + "/users", this::listUsers);
    app.get(p + "/users/{id}", this::getUser);
    app.patch(p + "/users/{id}", this::updateUser);
    app.post(p + "/users/{id}/disable", ctx -> setDisabled(ctx, true));
    app.post(p + "/users/{id}/enable", ctx -> setDisabled(ctx, false));
    app.delete(p + "/users/{id}/totp", this::resetSecondFactor);
  }

  private void createTenant(Context ctx) {
    User u = TenancyService.socAdmin(ApiRoutes.user(ctx));
    JsonNode body = api.readJson(ctx);
    TenantRepository.Tenant t =
        tenancy.createTenant(u, ApiRoutes.text(body, "name"), ApiRoutes.optionalText(body, "id"));
    ctx.status(HttpStatus.CREATED).json(tenant(t));
  }

  private void listTenants(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    store.tenants().list(ApiRoutes.user(ctx).scope()).forEach(t -> items.add(tenant(t)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void getTenant(Context ctx) {
    ctx.json(tenant(tenancy.tenant(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void renameTenant(Context ctx) {
    User u = ApiRoutes.user(ctx);
    tenancy.adminOf(u, ctx.pathParam("id"));
    String name = ApiRoutes.text(api.readJson(ctx), "name");
    ctx.json(tenant(tenancy.renameTenant(u, ctx.pathParam("id"), name)));
  }

  private void createSite(Context ctx) {
    User u = ApiRoutes.user(ctx);
    tenancy.adminOf(u, ctx.pathParam("id"));
    JsonNode body = api.readJson(ctx);
    SiteRepository.Site s =
        tenancy.createSite(
            u,
            ctx.pathParam("id"),
            new TenancyService.NewSite(
                ApiRoutes.text(body, "name"),
                strings(body, "urls"),
                strings(body, "hosts"),
                strings(body, "web_roots"),
                ApiRoutes.optionalText(body, "platform"),
                ApiRoutes.optionalText(body, "version")));
    ctx.status(HttpStatus.CREATED).json(site(s));
  }

  private void listSites(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String tenant = tenancy.tenant(u, ctx.pathParam("id")).id();
    List<Map<String, Object>> items = new ArrayList<>();
    store.sites().list(u.scope(), tenant).forEach(s -> items.add(site(s)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void getSite(Context ctx) {
    ctx.json(site(tenancy.site(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void deleteSite(Context ctx) {
    tenancy.deleteSite(ApiRoutes.user(ctx), ctx.pathParam("id"));
    ctx.status(HttpStatus.NO_CONTENT);
  }

  /**
   * A new CSP report token for the site (the old one stops working): the report URL to put into
   * {@code report-uri} and {@code Reporting-Endpoints}. Shown once; only its digest is stored.
   */
  private void rotateCspToken(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site s = tenancy.site(u, ctx.pathParam("id"));
    tenancy.adminOf(u, s.tenant());
    String token =
        store
            .sites()
            .rotateCspToken(u.scope(), s.id())
            .orElseThrow(() -> new ApiError(404, "no such site"));
    String url =
        ctx.scheme()
            + "://"
            + ctx.host()
            + dev.mimamori.server.csp.CspReportRoutes.PATH_PREFIX
            + token;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", s.id());
    out.put("token", token);
    out.put("report_url", url);
    out.put("reporting_endpoints", "csp-endpoint=\"" + url + "\"");
    out.put("csp_directives", "report-uri " + url + "; report-to csp-endpoint");
    ctx.status(HttpStatus.CREATED).json(out);
  }

  private void createUser(Context ctx) {
    User caller = ApiRoutes.user(ctx);
    JsonNode body = api.readJson(ctx);
    String role = ApiRoutes.text(body, "role");
    String tenant = ApiRoutes.optionalText(body, "tenant");
    tenancy.adminOf(caller, tenant == null ? caller.tenant() : tenant);
    List<String> assigned = strings(body, "tenants");
    UserRepository.Account a =
        tenancy.createUser(
            caller,
            ApiRoutes.text(body, "username"),
            ApiRoutes.text(body, "password"),
            role,
            tenant,
            assigned);
    ctx.status(HttpStatus.CREATED).json(account(a));
  }

  private void listUsers(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    tenancy.users(ApiRoutes.user(ctx)).forEach(a -> items.add(account(a)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void getUser(Context ctx) {
    ctx.json(account(tenancy.user(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void updateUser(Context ctx) {
    User caller = ApiRoutes.user(ctx);
    UserRepository.Account a = tenancy.user(caller, ctx.pathParam("id"));
    tenancy.adminOf(caller, a.tenant());
    JsonNode body = api.readJson(ctx);
    ctx.json(
        account(
            tenancy.updateUser(
                caller,
                a.id(),
                ApiRoutes.optionalText(body, "role"),
                body.has("tenants") ? strings(body, "tenants") : null,
                ApiRoutes.optionalText(body, "password"))));
  }

  private void setDisabled(Context ctx, boolean disabled) {
    ctx.json(account(tenancy.setDisabled(ApiRoutes.user(ctx), ctx.pathParam("id"), disabled)));
  }

  /** Resets a user's second factor (see {@link TenancyService#resetSecondFactor}). */
  private void resetSecondFactor(Context ctx) {
    if (!tenancy.resetSecondFactor(ApiRoutes.user(ctx), ctx.pathParam("id"), secondFactor)) {
      throw new ApiError(404, "this user has no second factor");
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private Map<String, Object> account(UserRepository.Account a) {
    Map<String, Object> m = accountFields(a);
    m.put("second_factor", store.secondFactors().enrolled(a.id()));
    return m;
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > 200) {
      throw new ApiError(400, "'" + field + "' must be an array of at most 200 strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : v) {
      if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 2000) {
        throw new ApiError(400, "'" + field + "' must hold non-empty strings");
      }
      out.add(n.asText());
    }
    return out;
  }

  static Map<String, Object> tenant(TenantRepository.Tenant t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("created_at", t.createdAt().toString());
    return m;
  }

  static Map<String, Object> site(SiteRepository.Site s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("tenant", s.tenant());
    m.put("name", s.name());
    m.put("urls", s.urls());
    m.put("hosts", s.hosts());
    m.put("web_roots", s.webRoots());
    m.put("platform", s.platform());
    m.put("version", s.version());
    m.put("created_at", s.createdAt().toString());
    return m;
  }

  static Map<String, Object> accountFields(UserRepository.Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("username", a.username());
    m.put("role", a.role());
    m.put("tenant", a.tenant());
    m.put("tenants", a.assigned());
    m.put("disabled", a.disabled());
    m.put("created_at", a.createdAt().toString());
    return m;
  }
}
