package dev.mimamori.server.console;

import dev.mimamori.incidents.oncall.OnCallConfig;
import dev.mimamori.incidents.oncall.Schedule;
import dev.mimamori.incidents.oncall.Shift;
import dev.mimamori.model.Alert;
import dev.mimamori.server.api.AuditRoutes;
import dev.mimamori.server.api.TuningChanges;
import dev.mimamori.server.notify.NotifyOverview;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AuditRepository;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.Page;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's configuration pages: file changes, rules and exceptions, on-call, notification
 * channels, tenants, sites, users and the audit log. Every list is read in the caller's tenant
 * scope; every form needs the session's CSRF token; changes go through the same services as the
 * JSON API, so the console allows exactly what the API allows.
 */
public final class ConsoleAdminRoutes {
  private static final int PAGE_SIZE = 50;
  private static final int OUTBOX_SHOWN = 100;
  private static final int AUDIT_MAX = 10_000;

  private final ConsoleRoutes console;
  private final Store store;
  private final RuleService rules;
  private final TuningChanges tuning;
  private final TenancyService tenancy;
  private final NotifyOverview notify;
  private final Clock clock;

  public ConsoleAdminRoutes(
      ConsoleRoutes console,
      Store store,
      RuleService rules,
      TuningChanges tuning,
      TenancyService tenancy,
      NotifyOverview notify,
      Clock clock) {
    this.console = console;
    this.store = store;
    this.rules = rules;
    this.tuning = tuning;
    this.tenancy = tenancy;
    this.notify = notify;
    this.clock = clock;
  }

  /** A page or form handler of a logged-in user. */
  @FunctionalInterface
  interface Handler {
    void handle(Context ctx, Session s);
  }

  public void register(Javalin app) {
    app.get("/files", page(this::files));
    app.get("/files/{id}", page(this::file));
    app.get("/rules", page(this::rulesPage));
    app.post("/rules/{id}/enabled", form(this::setEnabled));
    app.post("/exceptions", form(this::addException));
    app.post("/exceptions/{id}/delete", form(this::deleteException));
    app.get("/oncall", page(this::oncall));
    app.get("/channels", page(this::channels));
    app.get("/tenants", page(this::tenants));
    app.post("/tenants", form(this::createTenant));
    app.post("/tenants/{id}", form(this::renameTenant));
    app.get("/sites", page(this::sites));
    app.get("/monitors", page(this::monitors));
    app.post("/sites", form(this::createSite));
    app.post("/sites/{id}/delete", form(this::deleteSite));
    app.get("/users", page(this::users));
    app.post("/users", form(this::createUser));
    app.post("/users/{id}", form(this::updateUser));
    app.post("/users/{id}/disable", form((ctx, s) -> setDisabled(ctx, s, true)));
    app.post("/users/{id}/enable", form((ctx, s) -> setDisabled(ctx, s, false)));
    app.get("/audit", page(this::audit));
    app.get("/audit/export.csv", page((ctx, s) -> AuditRoutes.sendCsv(ctx, auditEntries(ctx, s))));
    app.get(
        "/audit/export.jsonl",
        page((ctx, s) -> AuditRoutes.sendJsonLines(ctx, auditEntries(ctx, s))));
  }

  io.javalin.http.Handler page(Handler h) {
    return ctx -> {
      Optional<Session> s = console.requireSession(ctx);
      if (s.isEmpty()) {
        return;
      }
      try {
        h.handle(ctx, s.get());
      } catch (ApiError e) {
        refused(ctx, s.get(), e);
      }
    };
  }

  /** A form: the session's CSRF token first, then the handler; it redirects when done. */
  io.javalin.http.Handler form(Handler h) {
    return page(
        (ctx, s) -> {
          if (!ConsoleRoutes.sameToken(s.csrfToken(), ctx.formParam("csrf"))) {
            throw new ApiError(403, "csrf");
          }
          h.handle(ctx, s);
        });
  }

  /** A refusal as a page: not found and forbidden say no more; bad input says what was wrong. */
  private void refused(Context ctx, Session s, ApiError e) {
    View view = console.view(ctx, s);
    String message =
        switch (e.status()) {
          case 404 -> view.t("error.notfound");
          case 403 ->
              "csrf".equals(e.getMessage()) ? view.t("error.csrf") : view.t("error.forbidden");
          default -> view.t("admin.refused", e.getMessage());
        };
    Map<String, Object> p = new HashMap<>();
    p.put("view", view);
    p.put("message", message);
    ctx.status(e.status());
    console.render(ctx, "error.jte", p);
  }

  Map<String, Object> params(Context ctx, Session s, String path) {
    Map<String, Object> p = new HashMap<>();
    p.put("view", console.view(ctx, s));
    return p;
  }

  static void back(Context ctx, String path) {
    ctx.redirect(path, HttpStatus.SEE_OTHER);
  }

  public static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int pageNo(Context ctx) {
    try {
      String p = ctx.queryParam("page");
      return p == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(p)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static void require(boolean allowed) {
    if (!allowed) {
      throw new ApiError(403, "forbidden");
    }
  }

  /** SOC staff: admins and analysts of the SOC's own tenant. */
  private static boolean socStaff(User u) {
    return User.OPERATOR_TENANT.equals(u.tenant()) && u.canRespond();
  }

  // --- file changes

  private void files(Context ctx, Session s) {
    int pageNo = pageNo(ctx);
    Page<Alert> page =
        store
            .incidents()
            .alertsOfRules(
                s.user().scope(), FileChange.RULE_PREFIX, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE);
    Map<String, Object> p = params(ctx, s, "/files");
    p.put("changes", page.items().stream().map(FileChange::of).toList());
    p.put("total", page.total());
    p.put("pageNo", pageNo);
    p.put("more", (long) pageNo * PAGE_SIZE < page.total());
    console.render(ctx, "admin/files.jte", p);
  }

  private void file(Context ctx, Session s) {
    String id = ctx.pathParam("id");
    Alert a =
        store
            .incidents()
            .alert(s.user().scope(), id)
            .filter(FileChange::isFileChange)
            .orElseThrow(() -> new ApiError(404, "no such file change"));
    Map<String, Object> p = params(ctx, s, "/files/" + seg(id));
    p.put("change", FileChange.of(a));
    console.render(ctx, "admin/file.jte", p);
  }

  // --- rules and exceptions

  private void rulesPage(Context ctx, Session s) {
    User u = s.user();
    String tenant = tuning.readTenant(u, ctx.queryParam("tenant"));
    var t = rules.tuning();
    List<RuleRow> rows =
        rules.rules().stream()
            .map(
                r ->
                    new RuleRow(
                        r.id(),
                        r.title(),
                        r.ruleClass(),
                        r.severity().label(),
                        r.source(),
                        t.enabled(tenant, r.id()),
                        t.enabledByDefault(r.id())))
            .toList();
    Instant now = clock.instant();
    Map<String, Object> p = params(ctx, s, "/rules?tenant=" + seg(tenant));
    p.put("tenant", tenant);
    p.put("tenants", store.tenants().list(u.scope()));
    p.put("rules", rows);
    p.put(
        "exceptions",
        store.ruleTuning().exceptions(u.scope()).stream().filter(e -> !e.expired(now)).toList());
    p.put("canChange", User.ADMIN.equals(u.role()));
    p.put("operator", u.scope().all());
    p.put(
        "defaultExpiry",
        now.plus(Duration.ofDays(30))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString());
    console.render(ctx, "admin/rules.jte", p);
  }

  /** A rule as the rules page lists it, with whether it runs for the tenant shown. */
  public record RuleRow(
      String id,
      String title,
      String ruleClass,
      String severity,
      String source,
      boolean enabled,
      boolean enabledByDefault) {}

  private void setEnabled(Context ctx, Session s) {
    String tenant = TenancyService.optional("tenant", ctx.formParam("tenant"));
    tuning.setEnabled(
        s.user(), ctx.pathParam("id"), "true".equals(ctx.formParam("enabled")), tenant);
    back(ctx, "/rules" + (tenant == null ? "" : "?tenant=" + seg(tenant)));
  }

  private void addException(Context ctx, Session s) {
    String tenant = TenancyService.optional("tenant", ctx.formParam("tenant"));
    String match = Optional.ofNullable(ctx.formParam("match")).orElse("equals");
    String value = TenancyService.required("value", ctx.formParam("value"));
    tuning.addException(
        s.user(),
        new TuningChanges.NewException(
            tenant,
            TenancyService.required("rule_id", ctx.formParam("rule_id")),
            TenancyService.required("field", ctx.formParam("field")),
            match.equals("cidr") ? null : value,
            match.equals("cidr") ? value : null,
            TenancyService.optional("expires_at", ctx.formParam("expires_at")),
            TenancyService.optional("reason", ctx.formParam("reason"))));
    back(ctx, "/rules" + (tenant == null || tenant.equals("*") ? "" : "?tenant=" + seg(tenant)));
  }

  private void deleteException(Context ctx, Session s) {
    tuning.deleteException(s.user(), ctx.pathParam("id"));
    back(ctx, "/rules");
  }

  // --- on-call and channels

  private void oncall(Context ctx, Session s) {
    require(socStaff(s.user()));
    Instant now = clock.instant();
    OnCallConfig config = notify.settings().onCall();
    List<ScheduleNow> schedules = new ArrayList<>();
    if (config != null) {
      for (Schedule sc : config.schedules()) {
        List<Shift> shifts = sc.shifts(now, now.plus(Duration.ofDays(7)));
        schedules.add(
            new ScheduleNow(sc, sc.onCall(now).map(id -> name(config, id)).orElse(null), shifts));
      }
    }
    Map<String, Object> p = params(ctx, s, "/oncall");
    p.put("config", config);
    p.put("escalation", notify.settings().escalation());
    p.put("schedules", schedules);
    console.render(ctx, "admin/oncall.jte", p);
  }

  /** A schedule with whom it has on call now and its shifts of the coming week. */
  public record ScheduleNow(Schedule schedule, @Nullable String onCallNow, List<Shift> week) {}

  private static String name(OnCallConfig c, String personId) {
    return c.person(personId).map(p -> p.name() + " (" + p.id() + ")").orElse(personId);
  }

  private void channels(Context ctx, Session s) {
    User u = s.user();
    require(u.canRespond());
    Map<String, Object> p = params(ctx, s, "/channels");
    p.put("channels", socStaff(u) ? notify.channels() : List.of());
    p.put("routes", socStaff(u) ? notify.settings().routes() : List.of());
    p.put("pending", store.outbox().list(u.scope(), OutboxRepository.PENDING, OUTBOX_SHOWN));
    p.put("dead", store.outbox().list(u.scope(), OutboxRepository.DEAD, OUTBOX_SHOWN));
    console.render(ctx, "admin/channels.jte", p);
  }

  // --- tenants, sites, users

  private void tenants(Context ctx, Session s) {
    require(User.ADMIN.equals(s.user().role()));
    Map<String, Object> p = params(ctx, s, "/tenants");
    p.put("tenants", store.tenants().list(s.user().scope()));
    p.put("socAdmin", s.user().socAdmin());
    console.render(ctx, "admin/tenants.jte", p);
  }

  private void createTenant(Context ctx, Session s) {
    TenancyService.socAdmin(s.user());
    tenancy.createTenant(
        s.user(),
        TenancyService.required("name", ctx.formParam("name")),
        TenancyService.optional("id", ctx.formParam("id")));
    back(ctx, "/tenants");
  }

  private void renameTenant(Context ctx, Session s) {
    tenancy.adminOf(s.user(), ctx.pathParam("id"));
    tenancy.renameTenant(
        s.user(), ctx.pathParam("id"), TenancyService.required("name", ctx.formParam("name")));
    back(ctx, "/tenants");
  }

  private void sites(Context ctx, Session s) {
    User u = s.user();
    Map<String, Object> p = params(ctx, s, "/sites");
    p.put("sites", store.sites().list(u.scope(), null));
    p.put("tenants", store.tenants().list(u.scope()));
    p.put("canChange", User.ADMIN.equals(u.role()));
    console.render(ctx, "admin/sites.jte", p);
  }

  /** Every monitor in the reader's scope with its state and last result (read-only). */
  private void monitors(Context ctx, Session s) {
    User u = s.user();
    Map<String, Object> p = params(ctx, s, "/monitors");
    Map<String, dev.mimamori.store.UptimeMonitorRepository.Status> last = new HashMap<>();
    store.uptime().statuses(u.scope()).forEach(x -> last.put(x.monitorId(), x));
    p.put(
        "monitors",
        store.uptime().list(u.scope(), null).stream()
            .map(m -> dev.mimamori.server.uptime.MonitorRow.of(m, last.get(m.id())))
            .toList());
    console.render(ctx, "monitors.jte", p);
  }

  private void createSite(Context ctx, Session s) {
    String tenant =
        Optional.ofNullable(TenancyService.optional("tenant", ctx.formParam("tenant")))
            .orElse(s.user().tenant());
    tenancy.adminOf(s.user(), tenant);
    tenancy.createSite(
        s.user(),
        tenant,
        new TenancyService.NewSite(
            TenancyService.required("name", ctx.formParam("name")),
            lines(ctx, "urls"),
            lines(ctx, "hosts"),
            lines(ctx, "web_roots"),
            TenancyService.optional("platform", ctx.formParam("platform")),
            TenancyService.optional("version", ctx.formParam("version"))));
    back(ctx, "/sites");
  }

  private void deleteSite(Context ctx, Session s) {
    tenancy.deleteSite(s.user(), ctx.pathParam("id"));
    back(ctx, "/sites");
  }

  /** A textarea's lines (or a comma-separated field), blanks left out, at most 200. */
  private static List<String> lines(Context ctx, String field) {
    String v = Optional.ofNullable(ctx.formParam(field)).orElse("");
    List<String> out =
        Arrays.stream(v.split("[\\r\\n,]+")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    if (out.size() > 200 || out.stream().anyMatch(x -> x.length() > 2000)) {
      throw new ApiError(400, "'" + field + "' must hold at most 200 entries");
    }
    return out;
  }

  private void users(Context ctx, Session s) {
    List<dev.mimamori.store.UserRepository.Account> accounts = tenancy.users(s.user());
    Map<String, Object> p = params(ctx, s, "/users");
    p.put("accounts", accounts);
    p.put("tenants", store.tenants().list(s.user().scope()));
    p.put("socAdmin", s.user().socAdmin());
    p.put("self", s.user().id());
    console.render(ctx, "admin/users.jte", p);
  }

  private void createUser(Context ctx, Session s) {
    String tenant = TenancyService.optional("tenant", ctx.formParam("tenant"));
    tenancy.adminOf(s.user(), tenant == null ? s.user().tenant() : tenant);
    tenancy.createUser(
        s.user(),
        TenancyService.required("username", ctx.formParam("username")),
        TenancyService.required("password", ctx.formParam("password")),
        TenancyService.required("role", ctx.formParam("role")),
        tenant,
        lines(ctx, "tenants"));
    back(ctx, "/users");
  }

  private void updateUser(Context ctx, Session s) {
    String role = TenancyService.optional("role", ctx.formParam("role"));
    String tenants = ctx.formParam("tenants");
    tenancy.updateUser(
        s.user(),
        ctx.pathParam("id"),
        role,
        tenants == null ? null : lines(ctx, "tenants"),
        TenancyService.optional("password", ctx.formParam("password")));
    back(ctx, "/users");
  }

  private void setDisabled(Context ctx, Session s, boolean disabled) {
    tenancy.setDisabled(s.user(), ctx.pathParam("id"), disabled);
    back(ctx, "/users");
  }

  // --- audit log

  /** The filters of the audit page, as given (blank when not). */
  public record AuditFilter(String from, String to, String actor, String action) {
    /** The same filters as a query string, for the export links. */
    public String query() {
      StringBuilder b = new StringBuilder();
      Map<String, String> m = new LinkedHashMap<>();
      m.put("from", from);
      m.put("to", to);
      m.put("actor", actor);
      m.put("action", action);
      m.forEach(
          (k, v) -> {
            if (!v.isEmpty()) {
              b.append(b.isEmpty() ? "?" : "&").append(k).append('=').append(seg(v));
            }
          });
      return b.toString();
    }
  }

  private static AuditFilter filter(Context ctx) {
    return new AuditFilter(
        clip(ctx.queryParam("from")),
        clip(ctx.queryParam("to")),
        clip(ctx.queryParam("actor")),
        clip(ctx.queryParam("action")));
  }

  private static String clip(@Nullable String s) {
    String v = s == null ? "" : s.strip();
    return v.length() > 200 ? v.substring(0, 200) : v;
  }

  private List<AuditRepository.Entry> auditEntries(Context ctx, Session s) {
    require(User.ADMIN.equals(s.user().role()));
    AuditFilter f = filter(ctx);
    java.time.ZoneId zone = console.zone(ctx, console.messages(ctx));
    Instant to = f.to().isEmpty() ? clock.instant().plusSeconds(1) : instant(f.to(), true, zone);
    Instant from =
        f.from().isEmpty() ? to.minus(Duration.ofDays(30)) : instant(f.from(), false, zone);
    // Filtered in the query, before the cap, so older matches are not cut off by newer others.
    return store
        .audit()
        .page(s.user().scope(), from, to, AUDIT_MAX, null, f.actor(), f.action())
        .items();
  }

  /**
   * An ISO instant, or a date in the reader's time zone: its start, or for an end its next day's.
   */
  private static Instant instant(String v, boolean end, java.time.ZoneId zone) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        LocalDate d = LocalDate.parse(v);
        return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
      } catch (DateTimeParseException e2) {
        throw new ApiError(400, "dates are YYYY-MM-DD or instants such as 2026-11-21T00:00:00Z");
      }
    }
  }

  private void audit(Context ctx, Session s) {
    List<AuditRepository.Entry> entries = auditEntries(ctx, s);
    Map<String, Object> p = params(ctx, s, "/audit");
    p.put("entries", entries.size() > 500 ? entries.subList(0, 500) : entries);
    p.put("total", entries.size());
    p.put("filter", filter(ctx));
    console.render(ctx, "admin/audit.jte", p);
  }
}
