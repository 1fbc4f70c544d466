package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.uptime.MonitorSettings;
import dev.mimamori.server.uptime.UptimeService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.UptimeMonitorRepository;
import dev.mimamori.store.User;
import dev.mimamori.uptime.CheckSpec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Uptime, TLS and DNS monitors of a site. A tenant's admin adds, changes and removes them; everyone
 * reads those in scope with their last result. Another tenant's monitors and sites answer 404. A
 * target that is the cloud metadata address or mimamori's own port is refused with 400.
 */
public final class UptimeRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiRoutes api;
  private final Store store;
  private final TenancyService tenancy;
  private final UptimeService uptime;

  public UptimeRoutes(ApiRoutes api, Store store, TenancyService tenancy, UptimeService uptime) {
    this.api = api;
    this.store = store;
    this.tenancy = tenancy;
    this.uptime = uptime;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.get(p + "/sites/{id}/monitors", this::listOfSite);
    app.post(p + "/sites/{id}/monitors", this::create);
    app.get(p + "/monitors", this::listAll);
    app.patch(p + "/monitors/{id}", this::update);
    app.delete(p + "/monitors/{id}", this::delete);
  }

  private void listOfSite(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site s = tenancy.site(u, ctx.pathParam("id"));
    ctx.json(page(u, store.uptime().list(u.scope(), s.id())));
  }

  private void listAll(Context ctx) {
    User u = ApiRoutes.user(ctx);
    ctx.json(page(u, store.uptime().list(u.scope(), null)));
  }

  private void create(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site s = tenancy.site(u, ctx.pathParam("id"));
    tenancy.adminOf(u, s.tenant());
    CheckSpec spec = spec(() -> MonitorSettings.create(api.readJson(ctx)));
    UptimeMonitorRepository.Monitor m;
    try {
      m =
          store
              .uptime()
              .create(u.scope(), s.id(), spec.url().toString(), settings(spec))
              .orElseThrow(() -> new ApiError(404, "no such site"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    uptime.reload();
    ctx.status(HttpStatus.CREATED).json(monitor(m, null));
  }

  private void update(Context ctx) {
    User u = ApiRoutes.user(ctx);
    UptimeMonitorRepository.Monitor m = find(u, ctx.pathParam("id"));
    tenancy.adminOf(u, m.tenant());
    JsonNode body = api.readJson(ctx);
    CheckSpec spec = spec(() -> MonitorSettings.read(body, MonitorSettings.parse(m.spec())));
    if (!store.uptime().update(u.scope(), m.id(), spec.url().toString(), settings(spec))) {
      throw new ApiError(404, "no such monitor");
    }
    uptime.reload();
    ctx.json(monitor(find(u, m.id()), null));
  }

  private void delete(Context ctx) {
    User u = ApiRoutes.user(ctx);
    UptimeMonitorRepository.Monitor m = find(u, ctx.pathParam("id"));
    tenancy.adminOf(u, m.tenant());
    store.uptime().delete(u.scope(), m.id());
    uptime.reload();
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private UptimeMonitorRepository.Monitor find(User u, String id) {
    return store
        .uptime()
        .find(u.scope(), id)
        .orElseThrow(() -> new ApiError(404, "no such monitor"));
  }

  private CheckSpec spec(java.util.function.Supplier<CheckSpec> read) {
    CheckSpec spec;
    try {
      spec = read.get();
      uptime.checkTarget(spec);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    return spec;
  }

  private static String settings(CheckSpec spec) {
    return MonitorSettings.write(spec).toString();
  }

  private Map<String, Object> page(User u, List<UptimeMonitorRepository.Monitor> monitors) {
    Map<String, UptimeMonitorRepository.Status> last = new HashMap<>();
    store.uptime().statuses(u.scope()).forEach(s -> last.put(s.monitorId(), s));
    List<Map<String, Object>> items = new ArrayList<>();
    monitors.forEach(m -> items.add(monitor(m, last.get(m.id()))));
    return Map.of("items", items, "total", items.size());
  }

  static Map<String, Object> monitor(
      UptimeMonitorRepository.Monitor m, UptimeMonitorRepository.@Nullable Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("tenant", m.tenant());
    out.put("site", m.site());
    out.put("url", m.url());
    out.put("settings", read(m.spec()));
    out.put("created_at", m.createdAt().toString());
    out.put("state", s == null ? "UNKNOWN" : s.state());
    out.put("checked_at", s == null ? null : s.checkedAt().toString());
    out.put("last_result", s == null ? null : read(s.result()));
    return out;
  }

  private static @Nullable JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
