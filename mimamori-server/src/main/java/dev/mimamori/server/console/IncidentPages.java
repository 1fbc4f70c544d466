package dev.mimamori.server.console;

import dev.mimamori.incidents.notify.NotifierConfigs;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.server.api.ListFilters;
import dev.mimamori.server.respond.ResponseService;
import dev.mimamori.store.IncidentFilter;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.Page;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantRepository;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The incident list with its filters, the incident page (timeline, observables with pivots, alerts,
 * response actions, comments, assignment), and the confirmation step before a response action runs.
 */
final class IncidentPages {
  static final int PAGE_SIZE = 50;

  /** The incident list's filters, as query parameters (kept in its paging links). */
  static final List<String> FILTERS =
      List.of("status", "severity", "tenant", "asset", "q", "observable", "since", "until");

  private final ConsoleRoutes console;
  private final Store store;
  private final IncidentLifecycle lifecycle;
  private final ResponseService responses;

  IncidentPages(
      ConsoleRoutes console, Store store, IncidentLifecycle lifecycle, ResponseService responses) {
    this.console = console;
    this.store = store;
    this.lifecycle = lifecycle;
    this.responses = responses;
  }

  void register(Javalin app) {
    app.get("/incidents", this::list);
    app.get("/incidents/{id}", this::detail);
    app.get("/incidents/{id}/respond", this::confirmAction);
    app.post("/incidents/{id}/actions", this::runAction);
    app.post("/incidents/{id}/assign", this::assign);
  }

  private void list(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    View view = console.view(ctx, s.get());
    IncidentFilter filter;
    try {
      filter = ListFilters.incidents(ctx::queryParam, view.zone());
    } catch (IllegalArgumentException e) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    int pageNo = Pager.pageNo(ctx.queryParam("page"));
    var scope = s.get().user().scope();
    Page<Incident> page =
        store.incidents().search(scope, filter, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("page", page);
    p.put("pager", Pager.of(page, pageNo, () -> keep(ctx, "/incidents", FILTERS)));
    p.put("filter", values(ctx, FILTERS));
    p.put("tenants", tenantChoices(scope));
    console.render(ctx, "incidents.jte", p);
  }

  /** The tenants to choose from in a filter: only when the reader sees more than one. */
  List<TenantRepository.Tenant> tenantChoices(dev.mimamori.store.TenantScope scope) {
    List<TenantRepository.Tenant> all = store.tenants().list(scope);
    return all.size() > 1 ? all : List.of();
  }

  /** A link to {@code path} with the given parameters of this request. */
  static Href keep(Context ctx, String path, List<String> names) {
    Href h = Href.to(path);
    for (String n : names) {
      h.with(n, ctx.queryParam(n));
    }
    return h;
  }

  /** The given parameters of this request, for a form to show them again. */
  static Map<String, String> values(Context ctx, List<String> names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : names) {
      String v = ctx.queryParam(n);
      m.put(n, v == null ? "" : v);
    }
    return m;
  }

  private void detail(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    View view = console.view(ctx, s.get());
    User user = s.get().user();
    String id = ctx.pathParam("id");
    Optional<Incident> incident = store.incidents().get(user.scope(), id);
    if (incident.isEmpty()) {
      console.errorPage(ctx, 404, "error.notfound");
      return;
    }
    Page<Alert> alerts = store.incidents().alerts(user.scope(), id, 200, 0);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("incident", incident.get());
    p.put("alerts", alerts);
    Map<String, Alert> byId = new HashMap<>();
    for (Alert a : alerts.items()) {
      byId.put(a.id(), a);
    }
    p.put("alertsById", byId);
    p.put("canRespond", user.canRespond());
    p.put("canAcknowledge", user.canAcknowledge());
    p.put("canRunActions", user.canRespond() && !actionsFor(user, incident.get()).isEmpty());
    p.put("stats", store.incidents().observableStats(user.scope(), id, 500));
    p.put("actions", store.actions().forIncident(user.scope(), id, 200));
    p.put(
        "comments",
        incident.get().timeline().stream().filter(e -> "comment".equals(e.kind())).toList());
    console.render(ctx, "incident.jte", p);
  }

  /** The configured actions this user may run on this incident's tenant, by name. */
  private List<String> actionsFor(User user, Incident incident) {
    return responses.actions().keySet().stream()
        .filter(a -> responses.settings().mayRun(a, incident.tenant(), user.scope().all()))
        .sorted()
        .toList();
  }

  /**
   * The confirmation step: what will run on what, with a form that posts it (carrying the session's
   * CSRF token). Nothing runs on a GET.
   */
  private void confirmAction(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    User user = s.get().user();
    Optional<Incident> incident = store.incidents().get(user.scope(), ctx.pathParam("id"));
    if (incident.isEmpty()) {
      console.errorPage(ctx, 404, "error.notfound");
      return;
    }
    if (!user.canRespond()) {
      console.errorPage(ctx, 403, "error.forbidden");
      return;
    }
    Observable target = target(ctx.queryParam("type"), ctx.queryParam("value"));
    if (target == null) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    List<String> actions = actionsFor(user, incident.get());
    String chosen = ctx.queryParam("action");
    Map<String, Object> p = new HashMap<>();
    p.put("view", console.view(ctx, s.get()));
    p.put("incident", incident.get());
    p.put("target", target);
    p.put("actions", actions);
    p.put("chosen", chosen != null && actions.contains(chosen) ? chosen : "");
    p.put("undo", "1".equals(ctx.queryParam("undo")));
    console.render(ctx, "respond.jte", p);
  }

  private static @Nullable Observable target(@Nullable String type, @Nullable String value) {
    if (type == null || value == null || value.isEmpty() || value.length() > 2000) {
      return null;
    }
    try {
      return new Observable(Observable.Type.parse(type), value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Runs (or undoes, or dry-runs) a confirmed action; then back to the incident. */
  private void runAction(Context ctx) throws IOException {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    if (!ConsoleRoutes.sameToken(s.get().csrfToken(), ctx.formParam("csrf"))) {
      console.errorPage(ctx, 403, "error.csrf");
      return;
    }
    User user = s.get().user();
    if (!user.canRespond()) {
      console.errorPage(ctx, 403, "error.forbidden");
      return;
    }
    String id = ctx.pathParam("id");
    Optional<Incident> incident = store.incidents().get(user.scope(), id);
    if (incident.isEmpty()) {
      console.errorPage(ctx, 404, "error.notfound");
      return;
    }
    Observable target = target(ctx.formParam("type"), ctx.formParam("value"));
    String action = ctx.formParam("action");
    Duration ttl = null;
    String ttlText = ctx.formParam("ttl");
    try {
      if (ttlText != null && !ttlText.isBlank()) {
        ttl = NotifierConfigs.duration(ttlText.trim());
      }
    } catch (IOException e) {
      ttl = Duration.ZERO;
    }
    if (target == null || action == null || (ttl != null && ttl.isZero())) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    boolean undo = "1".equals(ctx.formParam("undo"));
    boolean dryRun = "1".equals(ctx.formParam("dry_run"));
    try {
      // The result lands on the incident's timeline, which the redirect shows.
      responses.run(
          user.scope(), incident.get(), action, target, ttl, dryRun, user.username(), undo);
    } catch (IllegalArgumentException e) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    } catch (SecurityException e) {
      console.errorPage(ctx, 403, "error.forbidden");
      return;
    } catch (ActionException e) {
      console.errorPage(ctx, e.temporary() ? 503 : 422, "error.action");
      return;
    }
    ctx.redirect("/incidents/" + Href.segment(id) + "#actions", HttpStatus.SEE_OTHER);
  }

  /** Assigns the incident (an empty name unassigns it). */
  private void assign(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    if (!ConsoleRoutes.sameToken(s.get().csrfToken(), ctx.formParam("csrf"))) {
      console.errorPage(ctx, 403, "error.csrf");
      return;
    }
    User user = s.get().user();
    if (!user.canRespond()) {
      console.errorPage(ctx, 403, "error.forbidden");
      return;
    }
    String id = ctx.pathParam("id");
    String assignee = ctx.formParam("assignee");
    assignee = assignee == null || assignee.isBlank() ? null : assignee.strip();
    if (assignee != null && assignee.length() > 128) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    try {
      lifecycle.assign(user.scope(), id, user.username(), assignee);
    } catch (IncidentLifecycle.Refused e) {
      console.errorPage(
          ctx, e.notFound() ? 404 : 409, e.notFound() ? "error.notfound" : "error.conflict");
      return;
    } catch (IllegalArgumentException e) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    ctx.redirect("/incidents/" + Href.segment(id), HttpStatus.SEE_OTHER);
  }
}
