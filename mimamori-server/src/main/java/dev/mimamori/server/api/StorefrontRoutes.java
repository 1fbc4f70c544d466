package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.storefront.StorefrontService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.PageMonitorRepository.PageMonitor;
import dev.mimamori.store.PageMonitorRepository.PageScript;
import dev.mimamori.storefront.CspGenerator;
import dev.mimamori.storefront.HostPolicy;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The storefront monitor's API: page monitors, their scripts and approvals, host policies. */
public final class StorefrontRoutes {
  private final ApiRoutes api;
  private final StorefrontService service;

  public StorefrontRoutes(ApiRoutes api, StorefrontService service) {
    this.api = api;
    this.service = service;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.get(p + "/page-monitors", ctx -> list(ctx, null));
    app.get(p + "/sites/{id}/page-monitors", ctx -> list(ctx, ctx.pathParam("id")));
    app.post(p + "/sites/{id}/page-monitors", this::create);
    app.get(p + "/page-monitors/{id}", this::get);
    app.patch(p + "/page-monitors/{id}", this::update);
    app.delete(p + "/page-monitors/{id}", this::delete);
    app.post(p + "/page-monitors/{id}/check", this::checkNow);
    app.post(p + "/page-monitors/{id}/baseline", this::acceptBaseline);
    app.get(p + "/page-monitors/{id}/scripts", this::scripts);
    app.post(p + "/page-monitors/{id}/scripts/decision", this::decide);
    app.get(p + "/page-monitors/{id}/csp", this::csp);
    app.get(p + "/sites/{id}/storefront-policy", this::policy);
    app.put(p + "/sites/{id}/storefront-policy", this::setPolicy);
  }

  private void list(Context ctx, @Nullable String site) {
    List<Map<String, Object>> items = new ArrayList<>();
    service.monitors(ApiRoutes.user(ctx), site).forEach(m -> items.add(monitor(m)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void create(Context ctx) {
    PageMonitor m =
        service.create(ApiRoutes.user(ctx), ctx.pathParam("id"), request(api.readJson(ctx)));
    ctx.status(HttpStatus.CREATED).json(monitor(m));
  }

  private void get(Context ctx) {
    ctx.json(monitor(service.monitor(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void update(Context ctx) {
    ctx.json(
        monitor(
            service.update(ApiRoutes.user(ctx), ctx.pathParam("id"), request(api.readJson(ctx)))));
  }

  private void delete(Context ctx) {
    service.delete(ApiRoutes.user(ctx), ctx.pathParam("id"));
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void checkNow(Context ctx) {
    service.checkNow(ApiRoutes.user(ctx), ctx.pathParam("id"));
    ctx.status(HttpStatus.ACCEPTED).json(Map.of("queued", true));
  }

  private void acceptBaseline(Context ctx) {
    ctx.json(monitor(service.acceptBaseline(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void scripts(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    service.scripts(ApiRoutes.user(ctx), ctx.pathParam("id")).forEach(s -> items.add(script(s)));
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void decide(Context ctx) {
    // Another tenant's monitor is a 404 before anything in the body is looked at.
    service.monitor(ApiRoutes.user(ctx), ctx.pathParam("id"));
    JsonNode b = api.readJson(ctx);
    JsonNode j = b.get("justification");
    if (j != null && !j.isNull() && !j.isTextual()) {
      throw new ApiError(400, "'justification' must be a string");
    }
    service.decide(
        ApiRoutes.user(ctx),
        ctx.pathParam("id"),
        ApiRoutes.text(b, "script"),
        ApiRoutes.text(b, "hash"),
        ApiRoutes.text(b, "decision"),
        j == null || j.isNull() ? "" : j.asText());
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void csp(Context ctx) {
    String uri = ctx.queryParam("report_uri");
    CspGenerator.Headers h =
        service.csp(ApiRoutes.user(ctx), ctx.pathParam("id"), uri == null ? "" : uri);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("content_security_policy_report_only", h.policy());
    out.put("reporting_endpoints", h.reportingEndpoints());
    ctx.json(out);
  }

  private void policy(Context ctx) {
    ctx.json(policy(service.policy(ApiRoutes.user(ctx), ctx.pathParam("id"))));
  }

  private void setPolicy(Context ctx) {
    ctx.json(
        policy(service.setPolicy(ApiRoutes.user(ctx), ctx.pathParam("id"), api.readJson(ctx))));
  }

  private static Map<String, Object> policy(HostPolicy p) {
    Map<String, Object> out = new LinkedHashMap<>(); // a stable field order
    out.put("payment_hosts", p.paymentHosts());
    out.put("allowed_hosts", p.allowedHosts());
    return out;
  }

  static StorefrontService.MonitorRequest request(JsonNode b) {
    if (!b.isObject()) {
      throw new ApiError(400, "expected a JSON object");
    }
    Map<String, String> vars = null;
    JsonNode v = b.get("flow_vars");
    if (v != null && !v.isNull()) {
      if (!v.isObject()) {
        throw new ApiError(400, "'flow_vars' must be an object of strings");
      }
      vars = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual() || e.getValue().asText().length() > 1024) {
          throw new ApiError(400, "'flow_vars." + e.getKey() + "' must be a string");
        }
        vars.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode flow = b.get("flow");
    if (flow != null && !flow.isNull() && !flow.isTextual()) {
      throw new ApiError(400, "'flow' must be YAML text");
    }
    JsonNode interval = b.get("interval_seconds");
    if (interval != null && !interval.isNull() && !interval.canConvertToInt()) {
      throw new ApiError(400, "'interval_seconds' must be a whole number");
    }
    JsonNode enabled = b.get("enabled");
    if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
      throw new ApiError(400, "'enabled' must be true or false");
    }
    return new StorefrontService.MonitorRequest(
        ApiRoutes.optionalText(b, "name"),
        ApiRoutes.optionalText(b, "url"),
        flow == null || flow.isNull() ? null : flow.asText(),
        vars,
        interval == null || interval.isNull() ? null : interval.intValue(),
        enabled == null || enabled.isNull() ? null : enabled.booleanValue());
  }

  static Map<String, Object> monitor(PageMonitor m) {
    JsonNode last = StorefrontService.lastResult(m);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", m.id());
    o.put("tenant", m.tenant());
    o.put("site", m.site());
    o.put("name", m.name());
    o.put("url", m.url());
    o.put("flow", m.flow());
    o.put("has_flow_vars", m.hasFlowSecret());
    o.put("interval_seconds", m.intervalSeconds());
    o.put("enabled", m.enabled());
    o.put("baseline_at", m.baselineAt());
    o.put("next_check_at", m.nextCheckAt());
    o.put("last_check_at", m.lastCheckAt());
    o.put("last_status", m.lastStatus());
    o.put("last_error", last.has("error") ? last.get("error").asText() : null);
    o.put("last_findings", last.has("findings") ? last.get("findings") : List.of());
    o.put("created_at", m.createdAt());
    return o;
  }

  static Map<String, Object> script(PageScript s) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("script", s.script());
    o.put("hash", s.hash());
    o.put("host", s.host());
    o.put("first_seen", s.firstSeen());
    o.put("last_seen", s.lastSeen());
    o.put("decision", s.decision());
    o.put("justification", s.justification());
    o.put("decided_by", s.decidedBy());
    o.put("decided_at", s.decidedAt());
    return o;
  }
}
