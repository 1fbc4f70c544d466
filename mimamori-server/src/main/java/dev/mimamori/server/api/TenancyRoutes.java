package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.account.SecondFactor;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantRepository;
import dev.mimamori.store.TenantScope;
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
  private final SecondFactor secondFactor;

  public TenancyRoutes(ApiRoutes api, Store store, SecondFactor secondFactor) {
    this.api = api;
    this.store = store;
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
    app.post(p + "/users", this::createUser);
    app.get(p + "/users", this::listUsers);
    app.get(p + "/users/{id}", this::getUser);
    app.patch(p + "/users/{id}", this::updateUser);
    app.post(p + "/users/{id}/disable", ctx -> setDisabled(ctx, true));
    app.post(p + "/users/{id}/enable", ctx -> setDisabled(ctx, false));
    app.delete(p + "/users/{id}/totp", this::resetSecondFactor);
  }

  private static User socAdmin(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!u.socAdmin()) {
      throw new ApiError(403, "only the SOC's admins do this");
    }
    return u;
  }

  /** An admin of the tenant (or of the SOC); another tenant is 404. */
  private TenantRepository.Tenant adminOf(Context ctx, String tenant) {
    User u = ApiRoutes.user(ctx);
    TenantRepository.Tenant t =
        store
            .tenants()
            .find(u.scope(), tenant)
            .orElseThrow(() -> new ApiError(404, "no such tenant"));
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin does this");
    }
    return t;
  }

  private void createTenant(Context ctx) {
    socAdmin(ctx);
    JsonNode body = api.readJson(ctx);
    try {
      TenantRepository.Tenant t =
          store.tenants().create(ApiRoutes.text(body, "name"), ApiRoutes.optionalText(body, "id"));
      ctx.status(HttpStatus.CREATED).json(tenant(t));
    } catch (IllegalArgumentException e) {
      throw new ApiError(e.getMessage().contains("taken") ? 409 : 400, e.getMessage());
    }
  }

  private void listTenants(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    store.tenants().list(ApiRoutes.user(ctx).scope()).forEach(t -> items.add(tenant(t)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void getTenant(Context ctx) {
    ctx.json(
        tenant(
            store
                .tenants()
                .find(ApiRoutes.user(ctx).scope(), ctx.pathParam("id"))
                .orElseThrow(() -> new ApiError(404, "no such tenant"))));
  }

  private void renameTenant(Context ctx) {
    TenantRepository.Tenant t = adminOf(ctx, ctx.pathParam("id"));
    String name = ApiRoutes.text(api.readJson(ctx), "name");
    try {
      store.tenants().rename(ApiRoutes.user(ctx).scope(), t.id(), name);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    ctx.json(tenant(store.tenants().find(TenantScope.of(t.id()), t.id()).orElseThrow()));
  }

  private void createSite(Context ctx) {
    TenantRepository.Tenant t = adminOf(ctx, ctx.pathParam("id"));
    JsonNode body = api.readJson(ctx);
    try {
      SiteRepository.Site s =
          store
              .sites()
              .create(
                  t.id(),
                  ApiRoutes.text(body, "name"),
                  strings(body, "urls"),
                  strings(body, "hosts"),
                  strings(body, "web_roots"),
                  ApiRoutes.optionalText(body, "platform"),
                  ApiRoutes.optionalText(body, "version"));
      ctx.status(HttpStatus.CREATED).json(site(s));
    } catch (IllegalArgumentException e) {
      throw new ApiError(e.getMessage().contains("has a site") ? 409 : 400, e.getMessage());
    }
  }

  private void listSites(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String tenant = ctx.pathParam("id");
    store.tenants().find(u.scope(), tenant).orElseThrow(() -> new ApiError(404, "no such tenant"));
    List<Map<String, Object>> items = new ArrayList<>();
    store.sites().list(u.scope(), tenant).forEach(s -> items.add(site(s)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void getSite(Context ctx) {
    ctx.json(
        site(
            store
                .sites()
                .find(ApiRoutes.user(ctx).scope(), ctx.pathParam("id"))
                .orElseThrow(() -> new ApiError(404, "no such site"))));
  }

  private void deleteSite(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site s =
        store
            .sites()
            .find(u.scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such site"));
    adminOf(ctx, s.tenant());
    store.sites().delete(u.scope(), s.id());
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void createUser(Context ctx) {
    User caller = ApiRoutes.user(ctx);
    JsonNode body = api.readJson(ctx);
    String role;
    try {
      role = User.role(ApiRoutes.text(body, "role"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    String tenant = ApiRoutes.optionalText(body, "tenant");
    if (tenant == null) {
      tenant = caller.tenant();
    }
    adminOf(ctx, tenant);
    if (!caller.socAdmin() && !(role.equals(User.CUSTOMER) || role.equals(User.VIEWER))) {
      throw new ApiError(403, "a tenant's admin creates customers and viewers only");
    }
    List<String> assigned = strings(body, "tenants");
    checkAssignable(caller, role, assigned);
    String username = ApiRoutes.text(body, "username");
    if (store.users().exists(username)) {
      throw new ApiError(409, "the user name '" + username + "' is taken");
    }
    User created;
    try {
      created = store.users().create(tenant, username, ApiRoutes.text(body, "password"), role);
      if (!assigned.isEmpty()) {
        store.users().update(created.id(), null, assigned);
      }
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    ctx.status(HttpStatus.CREATED)
        .json(account(store.users().find(caller.scope(), created.id()).orElseThrow()));
  }

  private void checkAssignable(User caller, String role, List<String> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    if (!role.equals(User.ANALYST)) {
      throw new ApiError(400, "only analysts are assigned tenants");
    }
    if (!caller.socAdmin()) {
      throw new ApiError(403, "only the SOC's admins assign tenants");
    }
    for (String t : assigned) {
      store
          .tenants()
          .find(TenantScope.allTenants(), t)
          .orElseThrow(() -> new ApiError(400, "no such tenant: " + t));
    }
  }

  private void listUsers(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin lists users");
    }
    List<Map<String, Object>> items = new ArrayList<>();
    store.users().list(u.scope()).forEach(a -> items.add(account(a)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private UserRepository.Account target(Context ctx) {
    User u = ApiRoutes.user(ctx);
    UserRepository.Account a =
        store
            .users()
            .find(u.scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such user"));
    if (!User.ADMIN.equals(u.role()) && !u.id().equals(a.id())) {
      throw new ApiError(404, "no such user");
    }
    return a;
  }

  private void getUser(Context ctx) {
    ctx.json(account(target(ctx)));
  }

  private void updateUser(Context ctx) {
    User caller = ApiRoutes.user(ctx);
    UserRepository.Account a = target(ctx);
    adminOf(ctx, a.tenant());
    JsonNode body = api.readJson(ctx);
    String role = ApiRoutes.optionalText(body, "role");
    String r;
    try {
      r = role == null ? null : User.role(role);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    if (!caller.socAdmin()
        && ((r != null && !(r.equals(User.CUSTOMER) || r.equals(User.VIEWER)))
            || !(a.role().equals(User.CUSTOMER) || a.role().equals(User.VIEWER)))) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    List<String> assigned = body.has("tenants") ? strings(body, "tenants") : null;
    if (assigned != null) {
      checkAssignable(caller, r == null ? a.role() : r, assigned);
    }
    String password = ApiRoutes.optionalText(body, "password");
    try {
      if (password != null) {
        store.users().setPassword(a.username(), password);
      }
      store.users().update(a.id(), r, assigned);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    ctx.json(account(store.users().find(caller.scope(), a.id()).orElseThrow()));
  }

  private void setDisabled(Context ctx, boolean disabled) {
    User caller = ApiRoutes.user(ctx);
    UserRepository.Account a = target(ctx);
    adminOf(ctx, a.tenant());
    if (a.id().equals(caller.id())) {
      throw new ApiError(409, "you cannot disable yourself");
    }
    if (!caller.socAdmin() && !(a.role().equals(User.CUSTOMER) || a.role().equals(User.VIEWER))) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    store.users().setDisabled(a.id(), disabled);
    ctx.json(account(store.users().find(caller.scope(), a.id()).orElseThrow()));
  }

  /**
   * Removes a user's second factor (a lost phone): the user enrolls a new one at the next sign-in.
   * Not one's own, so a stolen session cannot take the factor off.
   */
  private void resetSecondFactor(Context ctx) {
    User caller = ApiRoutes.user(ctx);
    UserRepository.Account a = target(ctx);
    adminOf(ctx, a.tenant());
    if (a.id().equals(caller.id())) {
      throw new ApiError(409, "another admin resets your second factor");
    }
    if (!caller.socAdmin() && !(a.role().equals(User.CUSTOMER) || a.role().equals(User.VIEWER))) {
      throw new ApiError(403, "a tenant's admin manages customers and viewers only");
    }
    if (!secondFactor.reset(a.id())) {
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
