package dev.mimamori.server.api;

import dev.mimamori.archive.EventArchive;
import dev.mimamori.incidents.oncall.OnCallConfig;
import dev.mimamori.incidents.oncall.Schedule;
import dev.mimamori.incidents.oncall.Shift;
import dev.mimamori.model.Alert;
import dev.mimamori.server.console.Dashboard;
import dev.mimamori.server.console.FileChange;
import dev.mimamori.server.notify.ChannelInfo;
import dev.mimamori.server.notify.NotifyOverview;
import dev.mimamori.server.notify.NotifySettings;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's overview pages in the JSON API: the dashboard, file changes, on-call and the
 * notification channels; and signing a token out.
 */
public final class OverviewRoutes {
  private static final int MAX_SITES = 500;

  private final Store store;
  private final EventArchive archive;
  private final NotifyOverview notify;
  private final Clock clock;

  public OverviewRoutes(Store store, EventArchive archive, NotifyOverview notify, Clock clock) {
    this.store = store;
    this.archive = archive;
    this.notify = notify;
    this.clock = clock;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX;
    app.get(p + "/dashboard", this::dashboard);
    app.get(p + "/file-changes", this::fileChanges);
    app.get(p + "/file-changes/{id}", this::fileChange);
    app.get(p + "/oncall", this::oncall);
    app.get(p + "/channels", this::channels);
    app.delete(p + "/tokens/current", this::signOut);
  }

  private void dashboard(Context ctx) throws java.io.IOException {
    Dashboard d =
        Dashboard.read(store, archive, ApiRoutes.user(ctx).scope(), clock.instant(), MAX_SITES);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Long> open = new LinkedHashMap<>();
    d.bySeverity().forEach(c -> open.put(c.severity().label(), c.count()));
    out.put("open_by_severity", open);
    List<Map<String, Object>> tenants = new ArrayList<>();
    for (Dashboard.TenantCounts t : d.tenants()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tenant", t.tenant());
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int i = 0; i < Dashboard.SEVERITIES.size(); i++) {
        counts.put(Dashboard.SEVERITIES.get(i).label(), t.counts().get(i));
      }
      m.put("open_by_severity", counts);
      m.put("open", t.total());
      tenants.add(m);
    }
    out.put("tenants", tenants);
    List<Map<String, Object>> sites = new ArrayList<>();
    for (Dashboard.SiteActivity s : d.sites()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tenant", s.tenant());
      m.put("asset", s.asset());
      m.put("events_24h", s.events());
      m.put("alerts_24h", s.alerts());
      m.put("last_event", s.lastEvent() == null ? null : s.lastEvent().toString());
      m.put("last_alert", s.lastAlert() == null ? null : s.lastAlert().toString());
      m.put("quiet", s.quiet());
      sites.add(m);
    }
    out.put("sites", sites);
    ctx.json(out);
  }

  private void fileChanges(Context ctx) {
    int limit = ApiRoutes.intParam(ctx, "limit", 50);
    int offset = ApiRoutes.intParam(ctx, "offset", 0);
    var after = ApiRoutes.cursorParam(ctx, PageCursors.FILE_CHANGES, offset);
    var scope = ApiRoutes.user(ctx).scope();
    var page =
        after == null
            ? store.incidents().alertsOfRules(scope, FileChange.RULE_PREFIX, limit, offset)
            : store.incidents().alertsOfRulesAfter(scope, FileChange.RULE_PREFIX, limit, after);
    ctx.json(
        ApiJson.page(page, a -> fileChange(FileChange.of(a), false), PageCursors.FILE_CHANGES));
  }

  private void fileChange(Context ctx) {
    Alert a =
        store
            .incidents()
            .alert(ApiRoutes.user(ctx).scope(), ctx.pathParam("id"))
            .filter(FileChange::isFileChange)
            .orElseThrow(() -> new ApiError(404, "no such file change"));
    ctx.json(fileChange(FileChange.of(a), true));
  }

  private static Map<String, Object> fileChange(FileChange c, boolean withLines) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("tenant", c.tenant());
    m.put("asset", c.asset());
    m.put("at", c.at().toString());
    m.put("severity", c.severity().label());
    m.put("change", c.change());
    m.put("classification", c.classification());
    m.put("path", c.path());
    m.put("summary", c.summary());
    m.put("incident_id", c.incidentId());
    m.put("sha256_before", c.sha256Before());
    m.put("sha256_after", c.sha256After());
    if (withLines) {
      m.put(
          "lines",
          c.lines().stream().map(l -> Map.of("added", l.added(), "text", l.text())).toList());
    }
    return m;
  }

  /** The SOC's own staff only: schedules name people and hours of other tenants' cover too. */
  private static void socStaff(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!User.OPERATOR_TENANT.equals(u.tenant()) || !u.canRespond()) {
      throw new ApiError(403, "only the SOC's admins and analysts read this");
    }
  }

  private void oncall(Context ctx) {
    socStaff(ctx);
    Instant now = clock.instant();
    OnCallConfig config = notify.settings().onCall();
    List<Map<String, Object>> schedules = new ArrayList<>();
    if (config != null) {
      for (Schedule s : config.schedules()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("zone", s.zone().getId());
        m.put("on_call_now", s.onCall(now).orElse(null));
        List<Map<String, Object>> week = new ArrayList<>();
        for (Shift sh : s.shifts(now, now.plus(Duration.ofDays(7)))) {
          week.add(
              Map.of(
                  "person", sh.personId(), "from", sh.from().toString(), "to", sh.to().toString()));
        }
        m.put("shifts", week);
        schedules.add(m);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schedules", schedules);
    NotifySettings.Escalation e = notify.settings().escalation();
    out.put(
        "escalation",
        e == null
            ? null
            : Map.of(
                "policy", e.policy(),
                "min_severity", e.minSeverity().label(),
                "tenants", e.tenants()));
    ctx.json(out);
  }

  /** Channels with every secret left out (see {@link ChannelInfo}), and the routes. */
  private void channels(Context ctx) {
    socStaff(ctx);
    List<Map<String, Object>> channels = new ArrayList<>();
    for (ChannelInfo c : notify.channels()) {
      channels.add(Map.of("name", c.name(), "type", c.type(), "target", c.target()));
    }
    List<Map<String, Object>> routes = new ArrayList<>();
    for (NotifySettings.Route r : notify.settings().routes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", r.channel());
      m.put("min_severity", r.minSeverity().label());
      m.put("kinds", r.kinds().stream().map(Enum::name).sorted().toList());
      m.put("tenants", r.tenants().stream().sorted().toList());
      m.put("locale", r.locale());
      routes.add(m);
    }
    ctx.json(Map.of("channels", channels, "routes", routes));
  }

  /** Ends the token the request came with. */
  private void signOut(Context ctx) {
    String header = ctx.header("Authorization");
    String token = header == null ? "" : header.substring(Math.min(7, header.length())).trim();
    store.users().revokeToken(token);
    ctx.status(HttpStatus.NO_CONTENT);
  }
}
