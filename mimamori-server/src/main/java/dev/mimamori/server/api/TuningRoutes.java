package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.detect.tuning.ExceptionSpec;
import dev.mimamori.detect.tuning.Tuning;
import dev.mimamori.server.rules.ReloadResult;
import dev.mimamori.server.rules.RuleInfo;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.RuleExceptionEntry;
import dev.mimamori.store.RuleTuningRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

  public TuningRoutes(ApiRoutes api, RuleService rules, Store store, Clock clock) {
    this.api = api;
    this.rules = rules;
    this.store = store;
    this.clock = clock;
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

  /** Changes need an admin; viewers only read. */
  private static User admin(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!User.ADMIN.equals(u.role())) {
      throw new ApiError(403, "only an admin changes rules and exceptions");
    }
    return u;
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
    User u = admin(ctx);
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
    User u = admin(ctx);
    String id = knownRule(ctx.pathParam("id"));
    JsonNode body = api.readJson(ctx);
    onlyFields(body, ENABLED_FIELDS);
    JsonNode enabled = body.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw new ApiError(400, "'enabled' is required: true or false");
    }
    String tenant = writeTenant(body, u);
    var setting =
        store
            .ruleTuning()
            .setEnabled(u.scope(), tenant, id, enabled.booleanValue(), u.username())
            .orElseThrow(() -> new ApiError(404, "no such tenant"));
    rules.refreshTuning();
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
    User u = admin(ctx);
    JsonNode body = api.readJson(ctx);
    onlyFields(body, EXCEPTION_FIELDS);
    String tenant = writeTenant(body, u);
    String ruleId = ApiRoutes.text(body, "rule_id");
    if (!ExceptionSpec.ANY_RULE.equals(ruleId)) {
      knownRule(ruleId);
    }
    String field = ApiRoutes.text(body, "field");
    String value = ApiRoutes.optionalText(body, "value");
    String cidr = ApiRoutes.optionalText(body, "cidr");
    if ((value == null) == (cidr == null)) {
      throw new ApiError(
          400,
          "give exactly one of 'value' (the field equals it exactly) and 'cidr' (the field is an"
              + " address in a network such as 198.51.100.0/24 or 2001:db8::/32)");
    }
    JsonNode reasonNode = body.get("reason");
    if (reasonNode == null
        || !reasonNode.isTextual()
        || reasonNode.asText().isBlank()
        || reasonNode.asText().length() > RuleTuningRepository.MAX_REASON) {
      throw new ApiError(
          400,
          "'reason' is required: say why these alerts are not wanted (1 to "
              + RuleTuningRepository.MAX_REASON
              + " characters)");
    }
    Instant expires = expiry(body);
    ExceptionSpec.Match match =
        cidr != null ? ExceptionSpec.Match.CIDR : ExceptionSpec.Match.EQUALS;
    String v = cidr != null ? cidr.strip() : value;
    try {
      // The detector's own checks (field name, network), before anything is stored.
      new ExceptionSpec("new", tenant, ruleId, field, match, v, expires);
      var made =
          store
              .ruleTuning()
              .addException(
                  u.scope(),
                  new RuleTuningRepository.NewException(
                      tenant,
                      ruleId,
                      field,
                      match.label(),
                      v,
                      expires,
                      reasonNode.asText(),
                      u.username()))
              .orElseThrow(() -> new ApiError(404, "no such tenant"));
      rules.refreshTuning();
      ctx.status(HttpStatus.CREATED).json(ApiJson.ruleException(made, clock.instant()));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private void deleteException(Context ctx) {
    User u = admin(ctx);
    String id = ctx.pathParam("id");
    TenantScope scope = u.scope();
    var e =
        store
            .ruleTuning()
            .exception(scope, id)
            .orElseThrow(() -> new ApiError(404, "no such exception"));
    if (!store.ruleTuning().deleteException(scope, id)) {
      throw new ApiError(403, "an exception for every tenant is removed by an operator");
    }
    rules.refreshTuning();
    ctx.json(ApiJson.ruleException(e, clock.instant()));
  }

  private String knownRule(String id) {
    if (rules.rule(id).isEmpty()) {
      throw new ApiError(404, "no such rule '" + clip(id) + "'");
    }
    return id;
  }

  /** The tenant whose view is read: {@code ?tenant=}, or the caller's own. */
  private String readTenant(Context ctx, User u) {
    String t = ctx.queryParam("tenant");
    if (t == null || t.isBlank()) {
      return u.tenant();
    }
    return existingTenant(u, t.strip());
  }

  /**
   * The tenant a change is for: {@code "tenant"} in the body, the caller's own when a tenant's
   * admin leaves it out, or null for {@code "*"} (every tenant, operators only).
   */
  private @Nullable String writeTenant(JsonNode body, User u) {
    String t = ApiRoutes.optionalText(body, "tenant");
    if (t == null) {
      if (u.scope().all()) {
        throw new ApiError(400, "say which tenant: 'tenant' (or \"*\" for every tenant)");
      }
      return u.tenant();
    }
    if (ApiJson.ALL_TENANTS.equals(t)) {
      if (!u.scope().all()) {
        throw new ApiError(403, "only an operator changes the tuning of every tenant");
      }
      return null;
    }
    return existingTenant(u, t);
  }

  /** A tenant the caller may see and that exists; anything else is 404, as for other objects. */
  private String existingTenant(User u, String t) {
    if (!IngestRoutes.TENANT_ID.matcher(t).matches()
        || !u.scope().allows(t)
        || (u.scope().all() && !store.tenants().ids().contains(t))) {
      throw new ApiError(404, "no such tenant");
    }
    return t;
  }

  private Instant expiry(JsonNode body) {
    JsonNode n = body.get("expires_at");
    if (n == null || !n.isTextual()) {
      throw new ApiError(
          400,
          "'expires_at' is required: when the exception stops applying, as an ISO-8601 instant"
              + " such as 2026-12-31T15:00:00Z");
    }
    Instant at;
    try {
      at = Instant.parse(n.asText().strip());
    } catch (DateTimeParseException e) {
      throw new ApiError(
          400, "'expires_at' must be an ISO-8601 instant such as 2026-12-31T15:00:00Z");
    }
    if (!at.isAfter(clock.instant())) {
      throw new ApiError(400, "'expires_at' is not in the future; the exception would never apply");
    }
    return at;
  }

  private static void onlyFields(JsonNode body, Set<String> known) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new ApiError(
            400,
            "unknown field '"
                + clip(f)
                + "' (expected: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
