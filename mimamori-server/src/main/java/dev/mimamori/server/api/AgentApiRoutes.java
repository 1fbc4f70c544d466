package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.server.agent.AgentService;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AgentRepository;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents in the API: enrollment tokens (a tenant's admin makes one for a site; the secret is shown
 * once), the agents with their health, revocation, and the configuration a site's agents pull.
 * Another tenant's agents, tokens and sites answer 404.
 */
public final class AgentApiRoutes {
  private final ApiRoutes api;
  private final Store store;
  private final TenancyService tenancy;
  private final AgentService agents;

  public AgentApiRoutes(ApiRoutes api, Store store, TenancyService tenancy, AgentService agents) {
    this.api = api;
    this.store = store;
    this.tenancy = tenancy;
    this.agents = agents;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.post(p + "/agents/enrollment-tokens", this::createToken);
    app.get(p + "/agents/enrollment-tokens", this::listTokens);
    app.get(p + "/agents", this::list);
    app.get(p + "/agents/{id}", this::get);
    app.post(p + "/agents/{id}/revoke", this::revoke);
    app.get(p + "/sites/{id}/agent-config", this::getConfig);
    app.put(p + "/sites/{id}/agent-config", this::putConfig);
  }

  private void createToken(Context ctx) {
    User u = ApiRoutes.user(ctx);
    JsonNode body = api.readJson(ctx);
    String siteId = TenancyService.required("site", body.path("site").asText(null));
    SiteRepository.Site site = tenancy.site(u, siteId);
    tenancy.adminOf(u, site.tenant());
    long ttl = body.path("ttl_seconds").asLong(AgentRepository.DEFAULT_TOKEN_LIFE.toSeconds());
    if (ttl < 60 || ttl > AgentRepository.MAX_TOKEN_LIFE.toSeconds()) {
      throw new ApiError(400, "ttl_seconds must be between 60 and 2592000 (30 days)");
    }
    AgentRepository.IssuedToken t =
        store
            .agents()
            .issueToken(u.scope(), site.id(), u.username(), Duration.ofSeconds(ttl))
            .orElseThrow(() -> new ApiError(404, "no such site"));
    Map<String, Object> out = token(t.token());
    out.put("token", t.secret());
    out.put("enroll_token", agents.enrollToken(t.secret()));
    out.put("ca_sha256", agents.ca().pin());
    ctx.status(201).json(out);
  }

  private void listTokens(Context ctx) {
    User u = ApiRoutes.user(ctx);
    ctx.json(Map.of("items", store.agents().tokens(u.scope()).stream().map(this::token).toList()));
  }

  private Map<String, Object> token(AgentRepository.Token t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("tenant", t.tenant());
    m.put("site", t.site());
    m.put("created_by", t.createdBy());
    m.put("created_at", t.createdAt().toString());
    m.put("expires_at", t.expiresAt().toString());
    m.put("used_at", t.usedAt() == null ? null : t.usedAt().toString());
    m.put("agent", t.agentId());
    return m;
  }

  private void list(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String site = ctx.queryParam("site");
    List<AgentRepository.Agent> all = store.agents().list(u.scope(), site);
    ctx.json(Map.of("items", all.stream().map(this::agent).toList()));
  }

  private void get(Context ctx) {
    User u = ApiRoutes.user(ctx);
    ctx.json(agent(find(u, ctx.pathParam("id"))));
  }

  private AgentRepository.Agent find(User u, String id) {
    return store.agents().get(u.scope(), id).orElseThrow(() -> new ApiError(404, "no such agent"));
  }

  private void revoke(Context ctx) {
    User u = ApiRoutes.user(ctx);
    AgentRepository.Agent a = find(u, ctx.pathParam("id"));
    tenancy.adminOf(u, a.tenant());
    ctx.json(agent(store.agents().revoke(u.scope(), a.id()).orElseThrow()));
  }

  private void getConfig(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site site = tenancy.site(u, ctx.pathParam("id"));
    var c = store.agents().config(u.scope(), site.id());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site.id());
    out.put("version", c.map(AgentRepository.Config::version).orElse(0L));
    out.put("config", c.map(x -> readTree(x.config())).orElse(null));
    ctx.json(out);
  }

  private void putConfig(Context ctx) {
    User u = ApiRoutes.user(ctx);
    SiteRepository.Site site = tenancy.site(u, ctx.pathParam("id"));
    tenancy.adminOf(u, site.tenant());
    String json = AgentService.validConfig(api.readJson(ctx));
    AgentRepository.Config c =
        store
            .agents()
            .putConfig(u.scope(), site.id(), json, u.username())
            .orElseThrow(() -> new ApiError(404, "no such site"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site.id());
    out.put("version", c.version());
    out.put("config", readTree(c.config()));
    ctx.json(out);
  }

  private static JsonNode readTree(String json) {
    try {
      return Protocol.json().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> agent(AgentRepository.Agent a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("tenant", a.tenant());
    m.put("site", a.site());
    m.put("name", a.name());
    m.put("enrolled_at", a.enrolledAt().toString());
    m.put("revoked_at", a.revokedAt() == null ? null : a.revokedAt().toString());
    m.put("last_seen_at", a.lastSeenAt() == null ? null : a.lastSeenAt().toString());
    m.put("version", a.version());
    m.put("protocol", a.protocol());
    m.put("config_version", a.configVersion());
    m.put("acked_seq", a.ackedSeq());
    m.put("silent", a.silentAlerted());
    m.put("certificate_expires_at", a.certNotAfter().toString());
    m.put("health", a.health() == null ? null : readTree(a.health()));
    return m;
  }
}
