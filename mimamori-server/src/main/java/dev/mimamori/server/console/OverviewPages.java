package dev.mimamori.server.console;

import dev.mimamori.archive.EventArchive;
import dev.mimamori.archive.SearchResult;
import dev.mimamori.model.Alert;
import dev.mimamori.server.api.ListFilters;
import dev.mimamori.store.AlertFilter;
import dev.mimamori.store.Page;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dashboard, the alert list and the event search. */
final class OverviewPages {
  static final int PAGE_SIZE = 50;

  /** Events shown per search; a narrower query finds the rest. */
  static final int EVENTS_SHOWN = 100;

  /** Shops shown on the dashboard. */
  static final int MAX_SITES = 500;

  static final List<String> ALERT_FILTERS =
      List.of("severity", "tenant", "rule", "source_ip", "asset", "since", "until");
  static final List<String> EVENT_FILTERS = List.of("q", "from", "to");

  private final ConsoleRoutes console;
  private final Store store;
  private final EventArchive archive;
  private final Clock clock;

  OverviewPages(ConsoleRoutes console, Store store, EventArchive archive, Clock clock) {
    this.console = console;
    this.store = store;
    this.archive = archive;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/dashboard", this::dashboard);
    app.get("/alerts", this::alerts);
    app.get("/events", this::events);
  }

  private void dashboard(Context ctx) throws IOException {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    TenantScope scope = s.get().user().scope();
    Instant now = clock.instant();
    Dashboard d = Dashboard.read(store, archive, scope, now, MAX_SITES);
    Map<String, Object> p = new HashMap<>();
    p.put("view", console.view(ctx, s.get()));
    p.put("d", d);
    console.render(ctx, "dashboard.jte", p);
  }

  /** The archive's form of a scope: null for every tenant. */
  private static java.util.@org.jspecify.annotations.Nullable Set<String> tenants(
      TenantScope scope) {
    return scope.all() ? null : scope.tenants();
  }

  private void alerts(Context ctx) {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    View view = console.view(ctx, s.get());
    AlertFilter filter;
    try {
      filter = ListFilters.alerts(ctx::queryParam, view.zone());
    } catch (IllegalArgumentException e) {
      console.errorPage(ctx, 400, "error.badrequest");
      return;
    }
    int pageNo = Pager.pageNo(ctx.queryParam("page"));
    TenantScope scope = s.get().user().scope();
    Page<Alert> page =
        store.incidents().searchAlerts(scope, filter, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE);
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("page", page);
    p.put("pager", Pager.of(page, pageNo, () -> IncidentPages.keep(ctx, "/alerts", ALERT_FILTERS)));
    p.put("filter", IncidentPages.values(ctx, ALERT_FILTERS));
    List<?> tenants = store.tenants().list(scope);
    p.put("tenants", tenants.size() > 1 ? tenants : List.of());
    console.render(ctx, "alerts.jte", p);
  }

  /** The archive search of {@code GET /api/v1/events}, in the reader's scope. */
  private void events(Context ctx) throws IOException {
    Optional<Session> s = console.requireSession(ctx);
    if (s.isEmpty()) {
      return;
    }
    View view = console.view(ctx, s.get());
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("filter", IncidentPages.values(ctx, EVENT_FILTERS));
    SearchResult result = new SearchResult(0, List.of());
    String error = null;
    try {
      result =
          archive.search(
              ListFilters.value(ctx::queryParam, "q"),
              ListFilters.instant(ctx::queryParam, "from", view.zone()),
              ListFilters.instant(ctx::queryParam, "to", view.zone()),
              tenants(s.get().user().scope()),
              EVENTS_SHOWN);
    } catch (IllegalArgumentException e) {
      error = view.t("events.invalid");
      ctx.status(400);
    }
    p.put("result", result);
    p.put("error", error);
    console.render(ctx, "events.jte", p);
  }
}
