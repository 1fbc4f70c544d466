package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.detect.tuning.Tuning;
import dev.mimamori.server.rules.ReloadResult;
import dev.mimamori.server.rules.RuleInfo;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.RuleExceptionEntry;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule tuning in the API: the rules with whether each runs for a tenant, switching a rule on or
 * off, exceptions, and reloading the rules directory. Anyone reads their tenants' tuning; admins
 * change their tenant's, operators (admins of the SOC) any tenant's and the defaults for every
 * tenant ({@code "tenant": "*"}); another tenant's objects answer 404. A change applies to the next
 * alert, without a reload of the rules.
 */
public final class TuningRoutes {
  private static final Set<String> EXCEPTION_FIELDS =
      Set.of("tenant", "rule_id", "field", "value", "cidr", "expires_at", "reason");
  private static final Set<String> ENABLED_FIELDS = Set.of("enabled", "tenant");

  private final ApiRoutes api;
  private final RuleService rules;
  private final Store store;
  private final Clock clock;

  private final TuningChanges changes;

  public TuningRoutes(
      ApiRoutes api, RuleService rules, Store store, Clock clock, TuningChanges changes) {
    this.api = api;
    this.rules = rules;
    this.store = store;
    this.clock = clock;
    this.changes = changes;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.get(p + "/rules", this::listRules);
    app.post(p + "/rules/reload", this::reload);
    app.put(p + "/rules/{id}/enabled", this::setEnabled);
    app.get(p + "/exceptions", this::listExceptions);
    app.post(p + "/exceptions", this::createException);
    app.get(p + "/exceptions/{id}", this::getException);
    app.delete(p + "/exceptions/{id}", this::deleteException);
  }

  private void listRules(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String tenant = readTenant(ctx, u);
    boolean operator = u.scope().all();
    Tuning tuning = rules.tuning();
    List<Map<String, Object>> items = new ArrayList<>();
    for (RuleInfo r : rules.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("title", r.title());
      m.put("class", r.ruleClass());
      m.put("severity", r.severity().label());
      m.put("source", r.source());
      if (operator && r.file() != null) {
        m.put("file", r.file()); // a server path: for the SOC only
      }
      m.put("enabled", tuning.enabled(tenant, r.id()));
      m.put("enabled_by_default", tuning.enabledByDefault(r.id()));
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant", tenant);
    out.put("items", items);
    out.put("total", items.size());
    if (operator) {
      out.put("rules_directory", rules.directory() == null ? null : rules.directory().toString());
      out.put("last_reload", rules.lastReload().map(ApiJson::reload).orElse(null));
    }
    ctx.json(out);
  }

  /** Only an operator reloads: the rules directory serves every tenant. */
  private void reload(Context ctx) {
    User u = TuningChanges.admin(ApiRoutes.user(ctx));
    if (!u.scope().all()) {
      throw new ApiError(403, "only an operator reloads the rules");
    }
    ReloadResult r;
    try {
      r = rules.reload("api");
    } catch (IllegalStateException e) {
      throw new ApiError(409, e.getMessage());
    }
    if (r.reloaded()) {
      ctx.json(ApiJson.reload(r));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "error",
        "rule files did not load; the running rules are kept: " + r.errors().get(0).toString());
    out.put("status", 422);
    out.putAll(ApiJson.reload(r));
    ctx.status(422).json(out);
  }

  private void setEnabled(Context ctx) {
    User u = TuningChanges.admin(ApiRoutes.user(ctx));
    changes.knownRule(ctx.pathParam("id"));
    JsonNode body = api.readJson(ctx);
    onlyFields(body, ENABLED_FIELDS);
    JsonNode enabled = body.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw new ApiError(400, "'enabled' is required: true or false");
    }
    var setting =
        changes.setEnabled(
            u, ctx.pathParam("id"), enabled.booleanValue(), ApiRoutes.optionalText(body, "tenant"));
    ctx.json(ApiJson.ruleSetting(setting));
  }

  private void listExceptions(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String only = ctx.queryParam("tenant");
    if (only != null && !only.isBlank() && !ApiJson.ALL_TENANTS.equals(only)) {
      readTenant(ctx, u); // 404 for a tenant not in scope
    }
    Instant now = clock.instant();
    List<Map<String, Object>> items =
        store.ruleTuning().exceptions(u.scope()).stream()
            .filter(e -> only == null || only.isBlank() || only.equals(tenantLabel(e)))
            .map(e -> ApiJson.ruleException(e, now))
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("total", items.size());
    ctx.json(out);
  }

  private static String tenantLabel(RuleExceptionEntry e) {
    return e.tenant() == null ? ApiJson.ALL_TENANTS : e.tenant();
  }

  private void getException(Context ctx) {
    var e =
        store
            .ruleTuning()
            .exception(ApiRoutes.user(ctx).scope(), ctx.pathParam("id"))
            .orElseThrow(() -> new ApiError(404, "no such exception"));
    ctx.json(ApiJson.ruleException(e, clock.instant()));
  }

  private void createException(Context ctx) {
    User u = TuningChanges.admin(ApiRoutes.user(ctx));
    JsonNode body = api.readJson(ctx);
    onlyFields(body, EXCEPTION_FIELDS);
    JsonNode expires = body.get("expires_at");
    JsonNode reason = body.get("reason");
    var made =
        changes.addException(
            u,
            new TuningChanges.NewException(
                ApiRoutes.optionalText(body, "tenant"),
                ApiRoutes.text(body, "rule_id"),
                ApiRoutes.text(body, "field"),
                ApiRoutes.optionalText(body, "value"),
                ApiRoutes.optionalText(body, "cidr"),
                expires == null || !expires.isTextual() ? null : expires.asText(),
                reason == null || !reason.isTextual() ? null : reason.asText()));
    ctx.status(HttpStatus.CREATED).json(ApiJson.ruleException(made, clock.instant()));
  }

  private void deleteException(Context ctx) {
    var e = changes.deleteException(ApiRoutes.user(ctx), ctx.pathParam("id"));
    ctx.json(ApiJson.ruleException(e, clock.instant()));
  }

  /** The tenant whose view is read: {@code ?tenant=}, or the caller's own. */
  private String readTenant(Context ctx, User u) {
    return changes.readTenant(u, ctx.queryParam("tenant"));
  }

  private static void onlyFields(JsonNode body, Set<String> known) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new ApiError(
            400,
            "unknown field '"
                + TuningChanges.clip(f)
                + "' (expected: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }
}
