package dev.mimamori.server.console;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The agents in the console: each agent with its health (last heartbeat, version, configuration,
 * lag, buffer), enrollment tokens for a site (the token is shown once), revocation, and what a
 * site's agents watch.
 */
public final class AgentPages {
  /** An agent as the list shows it. */
  public record Row(
      AgentRepository.Agent agent,
      String siteName,
      String state,
      long maxLagBytes,
      int bufferPercent,
      long pending,
      long dropped,
      List<String> errors) {}

  /** A site's configuration as the form shows it: one "PATH FORMAT" per line. */
  public record SiteConfig(
      SiteRepository.Site site, long version, String logs, String roots, int heartbeat) {}

  private final ConsoleRoutes console;
  private final ConsoleAdminRoutes admin;
  private final Store store;
  private final TenancyService tenancy;
  private final @Nullable AgentService agents;
  private final Clock clock;

  public AgentPages(
      ConsoleRoutes console,
      ConsoleAdminRoutes admin,
      Store store,
      TenancyService tenancy,
      @Nullable AgentService agents,
      Clock clock) {
    this.console = console;
    this.admin = admin;
    this.store = store;
    this.tenancy = tenancy;
    this.agents = agents;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.get("/agents", admin.page((ctx, s) -> list(ctx, s, null)));
    app.post("/agents/enrollment-tokens", admin.form(this::newToken));
    app.post("/agents/{id}/revoke", admin.form(this::revoke));
    app.post("/agents/config", admin.form(this::config));
  }

  private void list(Context ctx, Session s, @Nullable Map<String, String> issued) {
    User u = s.user();
    Map<String, SiteRepository.Site> sites = new LinkedHashMap<>();
    for (SiteRepository.Site site : store.sites().list(u.scope(), null)) {
      sites.put(site.id(), site);
    }
    List<Row> rows = new ArrayList<>();
    for (AgentRepository.Agent a : store.agents().list(u.scope(), null)) {
      SiteRepository.Site site = sites.get(a.site());
      rows.add(row(a, site == null ? a.site() : site.name()));
    }
    List<SiteConfig> configs = new ArrayList<>();
    for (SiteRepository.Site site : sites.values()) {
      var c = store.agents().config(u.scope(), site.id());
      StringBuilder logs = new StringBuilder();
      StringBuilder roots = new StringBuilder();
      int heartbeat = 10;
      if (c.isPresent()) {
        JsonNode n = tree(c.get().config());
        for (JsonNode l : n.path("logs")) {
          logs.append(l.path("path").asText())
              .append(' ')
              .append(l.path("format").asText())
              .append('\n');
        }
        for (JsonNode r : n.path("roots")) {
          roots.append(r.asText()).append('\n');
        }
        heartbeat = n.path("heartbeat_seconds").asInt(10);
      }
      configs.add(
          new SiteConfig(
              site,
              c.map(AgentRepository.Config::version).orElse(0L),
              logs.toString(),
              roots.toString(),
              heartbeat));
    }
    Map<String, Object> p = admin.params(ctx, s, "/agents");
    p.put("rows", rows);
    p.put("sites", List.copyOf(sites.values()));
    p.put("configs", configs);
    p.put("canChange", User.ADMIN.equals(u.role()));
    p.put("issued", issued);
    p.put("listening", agents != null);
    console.render(ctx, "admin/agents.jte", p);
  }

  private Row row(AgentRepository.Agent a, String siteName) {
    JsonNode h = a.health() == null ? null : tree(a.health());
    long lag = 0;
    int percent = 0;
    long pending = 0;
    long dropped = 0;
    List<String> errors = new ArrayList<>();
    if (h != null) {
      for (JsonNode src : h.path("sources")) {
        lag = Math.max(lag, src.path("lag_bytes").asLong());
      }
      JsonNode b = h.path("buffer");
      long max = Math.max(1, b.path("max_bytes").asLong(1));
      percent = (int) Math.min(100, b.path("bytes").asLong() * 100 / max);
      pending = b.path("pending").asLong();
      dropped = b.path("dropped").asLong();
      for (JsonNode e : h.path("errors")) {
        errors.add(e.asText());
      }
    }
    Instant last = a.lastSeenAt();
    AgentService service = agents;
    // The server's --agent-silent-after and the agent's own interval, as the silence alert judges.
    boolean silent =
        service != null
            ? last == null || service.isSilent(a)
            : last == null || Duration.between(last, clock.instant()).toSeconds() > 60;
    String state = a.revoked() ? "revoked" : a.silentAlerted() || silent ? "silent" : "ok";
    return new Row(a, siteName, state, lag, percent, pending, dropped, errors);
  }

  private void newToken(Context ctx, Session s) {
    User u = s.user();
    SiteRepository.Site site =
        tenancy.site(u, TenancyService.required("site", ctx.formParam("site")));
    tenancy.adminOf(u, site.tenant());
    AgentService service = agents;
    if (service == null) {
      throw new ApiError(400, "the agent listener is off: start the server with --agent-port");
    }
    AgentRepository.IssuedToken t =
        store
            .agents()
            .issueToken(u.scope(), site.id(), u.username(), AgentRepository.DEFAULT_TOKEN_LIFE)
            .orElseThrow(() -> new ApiError(404, "no such site"));
    Map<String, String> issued = new LinkedHashMap<>();
    issued.put("site", site.name());
    issued.put("token", service.enrollToken(t.secret()));
    issued.put("expires", t.token().expiresAt().toString());
    list(ctx, s, issued);
  }

  private void revoke(Context ctx, Session s) {
    User u = s.user();
    AgentRepository.Agent a =
        store
            .agents()
            .get(u.scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such agent"));
    tenancy.adminOf(u, a.tenant());
    store.agents().revoke(u.scope(), a.id());
    ConsoleAdminRoutes.back(ctx, "/agents");
  }

  private void config(Context ctx, Session s) {
    User u = s.user();
    SiteRepository.Site site =
        tenancy.site(u, TenancyService.required("site", ctx.formParam("site")));
    tenancy.adminOf(u, site.tenant());
    var json = Protocol.json();
    var body = json.createObjectNode();
    // What the form does not show (allowed actions, scan schedule) stays as it was.
    store
        .agents()
        .config(u.scope(), site.id())
        .ifPresent(
            c -> {
              JsonNode old = tree(c.config());
              for (String keep : List.of("actions", "rescan_seconds", "full_scan_hours")) {
                if (old.has(keep) && !old.get(keep).isNull()) {
                  body.set(keep, old.get(keep));
                }
              }
            });
    var logs = body.putArray("logs");
    String text = ctx.formParam("logs") == null ? "" : ctx.formParam("logs");
    for (String line : text.split("\r?\n")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      int space = l.lastIndexOf(' ');
      var o = logs.addObject();
      o.put("path", space > 0 ? l.substring(0, space).strip() : l);
      o.put("format", space > 0 ? l.substring(space + 1) : "auto");
    }
    var roots = body.putArray("roots");
    String rootText = ctx.formParam("roots") == null ? "" : ctx.formParam("roots");
    for (String line : rootText.split("\r?\n")) {
      if (!line.isBlank()) {
        roots.add(line.strip());
      }
    }
    String hb = ctx.formParam("heartbeat_seconds");
    try {
      body.put("heartbeat_seconds", hb == null || hb.isBlank() ? 10 : Integer.parseInt(hb.strip()));
    } catch (NumberFormatException e) {
      throw new ApiError(400, "heartbeat_seconds must be a number");
    }
    store
        .agents()
        .putConfig(u.scope(), site.id(), AgentService.validConfig(body), u.username())
        .orElseThrow(() -> new ApiError(404, "no such site"));
    ConsoleAdminRoutes.back(ctx, "/agents");
  }

  private static JsonNode tree(String s) {
    try {
      return Protocol.json().readTree(s);
    } catch (java.io.IOException e) {
      return Protocol.json().createObjectNode();
    }
  }
}
