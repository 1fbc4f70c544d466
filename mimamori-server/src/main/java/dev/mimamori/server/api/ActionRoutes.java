package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.incidents.notify.NotifierConfigs;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.ActionResult;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.server.respond.ResponseService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response actions through the API: {@code GET /api/v1/actions} lists the configured ones; {@code
 * POST /api/v1/incidents/{id}/actions} runs one on a target ({@code dry_run} to see what it would
 * do, {@code ttl} to undo it later), {@code POST /api/v1/incidents/{id}/actions/undo} undoes it.
 * Operators and admins only; each run lands on the incident's timeline with its author.
 */
public final class ActionRoutes {
  private final ApiRoutes api;
  private final Store store;
  private final ResponseService responses;

  public ActionRoutes(ApiRoutes api, Store store, ResponseService responses) {
    this.api = api;
    this.store = store;
    this.responses = responses;
  }

  public void register(Javalin app) {
    app.get(ApiRoutes.PREFIX + "/actions", this::list);
    app.post(ApiRoutes.PREFIX + "/incidents/{id}/actions", ctx -> run(ctx, false));
    app.post(ApiRoutes.PREFIX + "/incidents/{id}/actions/undo", ctx -> run(ctx, true));
  }

  private void list(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    User u = ApiRoutes.user(ctx);
    responses
        .actions()
        .forEach(
            (name, a) -> {
              if (!u.scope().all()
                  && u.scope().tenants().stream()
                      .noneMatch(t -> responses.settings().mayRun(name, t, false))) {
                return;
              }
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", name);
              m.put("type", a.type());
              items.add(m);
            });
    items.sort((x, y) -> ((String) x.get("name")).compareTo((String) y.get("name")));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void run(Context ctx, boolean undo) {
    User u = ApiRoutes.user(ctx);
    if (!u.canRespond()) {
      throw new ApiError(403, "only an operator or an admin runs response actions");
    }
    Incident incident =
        store
            .incidents()
            .get(u.scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such incident"));
    JsonNode body = api.readJson(ctx);
    String action = ApiRoutes.text(body, "action");
    JsonNode t = body.get("target");
    if (t == null || !t.isObject()) {
      throw new ApiError(
          400, "'target' is required: {\"type\": \"ip\", \"value\": \"203.0.113.7\"}");
    }
    Observable target;
    try {
      target =
          new Observable(
              Observable.Type.parse(ApiRoutes.text(t, "type")), ApiRoutes.text(t, "value"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "target: " + e.getMessage());
    }
    Duration ttl = null;
    String ttlText = ApiRoutes.optionalText(body, "ttl");
    if (ttlText != null) {
      try {
        ttl = NotifierConfigs.duration(ttlText);
      } catch (IOException e) {
        throw new ApiError(400, "ttl: " + e.getMessage());
      }
    }
    boolean dryRun = body.path("dry_run").asBoolean(false);
    ActionResult r;
    try {
      r = responses.run(u.scope(), incident, action, target, ttl, dryRun, u.username(), undo);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    } catch (SecurityException e) {
      throw new ApiError(403, e.getMessage());
    } catch (ActionException e) {
      throw new ApiError(e.temporary() ? 503 : 422, e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", action);
    out.put("undo", undo);
    out.put("dry_run", dryRun);
    out.put("changed", r.changed());
    out.put("summary", r.summary());
    ctx.json(out);
  }
}
