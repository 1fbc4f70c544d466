package dev.mimamori.store;

import dev.mimamori.incidents.IncidentChange;
import dev.mimamori.incidents.IncidentStore;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/** Incidents, their timelines and their alerts. Reads always carry a {@link TenantScope}. */
public final class IncidentRepository implements IncidentStore {
  static final String INCIDENT_COLUMNS =
      "id, tenant_id, asset, title, status, severity, alert_count, first_seen, last_seen, observables,"
          + " chain_stage, assignee";

  /** Entities kept per incident for grouping; a flood of addresses cannot grow it without end. */
  static final int MAX_ENTITIES = 5000;

  /** The newest timeline entries returned with an incident; an endless attack stays readable. */
  public static final int MAX_TIMELINE = 1000;

  private final Database db;
  private final Clock clock;

  IncidentRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // --- the pipeline's side -------------------------------------------------------------------

  @Override
  public Optional<Incident> findOpen(
      String tenant,
      String asset,
      Set<String> entities,
      Instant notBefore,
      boolean chain,
      Instant chainNotBefore) {
    return db.withHandle(
        TenantScope.of(tenant),
        h -> {
          Optional<Incident> sharing = Optional.empty();
          if (!entities.isEmpty()) {
            sharing =
                h.createQuery(
                        "SELECT "
                            + INCIDENT_COLUMNS
                            + " FROM incidents i WHERE tenant_id = :t AND asset = :a"
                            + " AND status NOT IN (:resolved, :fp) AND last_seen >= :nb"
                            + " AND EXISTS (SELECT 1 FROM incident_entities e WHERE e.incident_id = i.id"
                            + " AND e.entity IN (<entities>))"
                            + " ORDER BY last_seen DESC LIMIT 1")
                    .bind("t", tenant)
                    .bind("a", asset)
                    .bind("resolved", IncidentStatus.RESOLVED.label())
                    .bind("fp", IncidentStatus.FALSE_POSITIVE.label())
                    .bind("nb", notBefore.toEpochMilli())
                    .bindList("entities", List.copyOf(entities))
                    .map((rs, ctx) -> incident(rs, List.of()))
                    .findOne();
          }
          if (sharing.isPresent() || !chain) {
            return sharing;
          }
          return h.createQuery(
                  "SELECT "
                      + INCIDENT_COLUMNS
                      + " FROM incidents WHERE tenant_id = :t AND asset = :a"
                      + " AND status NOT IN (:resolved, :fp) AND chain_stage > 0 AND last_seen >= :nb"
                      + " ORDER BY last_seen DESC LIMIT 1")
              .bind("t", tenant)
              .bind("a", asset)
              .bind("resolved", IncidentStatus.RESOLVED.label())
              .bind("fp", IncidentStatus.FALSE_POSITIVE.label())
              .bind("nb", chainNotBefore.toEpochMilli())
              .map((rs, ctx) -> incident(rs, List.of()))
              .findOne();
        });
  }

  @Override
  public boolean hasAlert(String tenant, String alertId) {
    return db.withHandle(
        TenantScope.of(tenant),
        h ->
            h.createQuery("SELECT 1 FROM alerts WHERE id = :id AND tenant_id = :t")
                .bind("id", alertId)
                .bind("t", tenant)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  @Override
  public void record(IncidentChange change) {
    Incident incident = change.incident();
    Alert alert = change.alert();
    long now = clock.millis();
    db.useTransaction(
        TenantScope.of(incident.tenant()),
        h -> {
          if (change.isNew()) {
            h.createUpdate(
                    "INSERT INTO incidents (id, tenant_id, asset, title, status, severity, severity_rank,"
                        + " alert_count, first_seen, last_seen, correlation_key, observables, chain_stage,"
                        + " assignee, entity_count, created_at, updated_at)"
                        + " VALUES (:id, :t, :asset, :title, :status, :sev, :rank, :count, :first, :last, :key,"
                        + " :obs, :stage, :assignee, 0, :now, :now)")
                .bind("id", incident.id())
                .bind("t", incident.tenant())
                .bind("asset", incident.asset())
                .bind("title", incident.title())
                .bind("status", incident.status().label())
                .bind("sev", incident.severity().label())
                .bind("rank", incident.severity().ordinal())
                .bind("count", incident.alertCount())
                .bind("first", incident.firstSeen().toEpochMilli())
                .bind("last", incident.lastSeen().toEpochMilli())
                .bind("key", "asset:" + incident.asset())
                .bind("obs", Json.observables(incident.observables()))
                .bind("stage", incident.chainStage())
                .bind("assignee", incident.assignee())
                .bind("now", now)
                .execute();
          } else {
            int n =
                h.createUpdate(
                        "UPDATE incidents SET title = :title, severity = :sev, severity_rank = :rank,"
                            + " alert_count = alert_count + 1, first_seen = :first, last_seen = :last,"
                            + " observables = :obs, chain_stage = :stage, updated_at = :now"
                            + " WHERE id = :id AND tenant_id = :t AND status NOT IN (:resolved, :fp)")
                    .bind("id", incident.id())
                    .bind("t", incident.tenant())
                    .bind("title", incident.title())
                    .bind("sev", incident.severity().label())
                    .bind("rank", incident.severity().ordinal())
                    .bind("first", incident.firstSeen().toEpochMilli())
                    .bind("last", incident.lastSeen().toEpochMilli())
                    .bind("obs", Json.observables(incident.observables()))
                    .bind("stage", incident.chainStage())
                    .bind("now", now)
                    .bind("resolved", IncidentStatus.RESOLVED.label())
                    .bind("fp", IncidentStatus.FALSE_POSITIVE.label())
                    .execute();
            if (n != 1) {
              // Closed (or merged) by a person since the correlator read it: the pipeline
              // retries, and the alert opens or joins another incident.
              throw new IllegalStateException(
                  "incident " + incident.id() + " was closed while an alert joined it");
            }
          }
          insertAlert(h, alert, now);
          addEntities(h, incident, change.entities());
          countObservables(h, incident, alert);
          for (TimelineEntry entry : change.entries()) {
            appendTimeline(h, incident.tenant(), incident.id(), entry);
          }
          OutboxRepository.insert(h, change.outbox(), now);
        });
  }

  private static void addEntities(Handle h, Incident incident, Set<String> entities) {
    int have =
        h.createQuery("SELECT entity_count FROM incidents WHERE id = :id")
            .bind("id", incident.id())
            .mapTo(Integer.class)
            .one();
    int added = 0;
    for (String entity : entities) {
      if (have + added >= MAX_ENTITIES) {
        break;
      }
      added +=
          h.createUpdate(
                  "INSERT INTO incident_entities (incident_id, tenant_id, asset, entity)"
                      + " VALUES (:i, :t, :a, :e) ON CONFLICT (incident_id, entity) DO NOTHING")
              .bind("i", incident.id())
              .bind("t", incident.tenant())
              .bind("a", incident.asset())
              .bind("e", entity.length() > 2000 ? entity.substring(0, 2000) : entity)
              .execute();
    }
    if (added > 0) {
      h.createUpdate("UPDATE incidents SET entity_count = entity_count + :n WHERE id = :id")
          .bind("n", added)
          .bind("id", incident.id())
          .execute();
    }
  }

  /** First/last seen and counts for the alert's observables the incident keeps (capped). */
  private static void countObservables(Handle h, Incident incident, Alert alert) {
    for (Observable o : alert.observables()) {
      if (!incident.observables().contains(o)) {
        continue;
      }
      h.createUpdate(
              "INSERT INTO incident_observables (incident_id, tenant_id, type, value, first_seen,"
                  + " last_seen, seen_count) VALUES (:i, :t, :type, :v, :ts, :ts, 1)"
                  + " ON CONFLICT (incident_id, type, value) DO UPDATE SET"
                  + " first_seen = CASE WHEN excluded.first_seen < incident_observables.first_seen"
                  + " THEN excluded.first_seen ELSE incident_observables.first_seen END,"
                  + " last_seen = CASE WHEN excluded.last_seen > incident_observables.last_seen"
                  + " THEN excluded.last_seen ELSE incident_observables.last_seen END,"
                  + " seen_count = incident_observables.seen_count + 1")
          .bind("i", incident.id())
          .bind("t", incident.tenant())
          .bind("type", o.type().label())
          .bind("v", o.value())
          .bind("ts", alert.timestamp().toEpochMilli())
          .execute();
    }
  }

  static void appendTimeline(Handle h, String tenant, String incidentId, TimelineEntry entry) {
    long seq =
        h.createQuery(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_timeline WHERE incident_id = :i")
            .bind("i", incidentId)
            .mapTo(Long.class)
            .one();
    h.createUpdate(
            "INSERT INTO incident_timeline (id, tenant_id, incident_id, seq, ts, kind, text, alert_id, actor)"
                + " VALUES (:id, :t, :i, :seq, :ts, :kind, :text, :a, :actor)")
        .bind("id", UUID.randomUUID().toString())
        .bind("t", tenant)
        .bind("i", incidentId)
        .bind("seq", seq)
        .bind("ts", entry.timestamp().toEpochMilli())
        .bind("kind", entry.kind())
        .bind("text", entry.text())
        .bind("a", entry.alertId())
        .bind("actor", entry.actor())
        .execute();
  }

  private static void insertAlert(Handle h, Alert a, long now) {
    h.createUpdate(
            "INSERT INTO alerts (id, tenant_id, incident_id, asset, rule_id, title, rule_class, severity,"
                + " ts, source_ip, evidence, observables, created_at)"
                + " VALUES (:id, :t, :inc, :asset, :rule, :title, :cls, :sev, :ts, :ip, :ev, :obs, :now)")
        .bind("id", a.id())
        .bind("t", a.tenant())
        .bind("inc", a.incidentId())
        .bind("asset", a.asset())
        .bind("rule", a.ruleId())
        .bind("title", a.title())
        .bind("cls", a.ruleClass())
        .bind("sev", a.severity().label())
        .bind("ts", a.timestamp().toEpochMilli())
        .bind("ip", a.sourceIp())
        .bind("ev", Json.evidence(a.evidence()))
        .bind("obs", Json.observables(a.observables()))
        .bind("now", now)
        .execute();
  }

  // --- the console's and API's side ----------------------------------------------------------

  /** Incidents newest first, without timelines. */
  public Page<Incident> list(
      TenantScope scope, @Nullable IncidentStatus status, int limit, int offset) {
    return search(scope, IncidentFilter.status(status), limit, offset);
  }

  /** Incidents matching a filter, newest first, without timelines. */
  public Page<Incident> search(TenantScope scope, IncidentFilter f, int limit, int offset) {
    Page.check(limit, offset);
    return search(scope, f, limit, offset, null);
  }

  /**
   * Incidents newest first after {@code after} (null: from the first), without timelines. Paged by
   * the sort key (last seen, id), not by counting: incidents opened meanwhile do not shift the
   * pages. An incident that sees new activity meanwhile moves to the front of the list.
   */
  public Page<Incident> listAfter(
      TenantScope scope, @Nullable IncidentStatus status, int limit, @Nullable Cursor after) {
    return searchAfter(scope, IncidentFilter.status(status), limit, after);
  }

  /** Incidents matching a filter after a cursor (see {@link #listAfter}). */
  public Page<Incident> searchAfter(
      TenantScope scope, IncidentFilter f, int limit, @Nullable Cursor after) {
    Page.check(limit, 0);
    return search(scope, f, limit, 0, after);
  }

  private Page<Incident> search(
      TenantScope scope, IncidentFilter f, int limit, int offset, @Nullable Cursor after) {
    Where w =
        new Where(scope, "tenant_id")
            .and("status = :status", "status", f.status() == null ? null : f.status().label())
            .and(
                "severity_rank >= :minrank",
                "minrank",
                f.minSeverity() == null ? null : f.minSeverity().ordinal())
            .and("tenant_id = :tenant", "tenant", f.tenant())
            .and("asset = :asset", "asset", f.asset())
            .and(
                "LOWER(title) LIKE LOWER(:text) ESCAPE '\\'",
                "text",
                f.text() == null ? null : Where.contains(f.text()))
            .and("last_seen >= :since", "since", millis(f.since()))
            .and("first_seen < :until", "until", millis(f.until()));
    if (f.openOnly()) {
      w.and("status NOT IN (:resolved, :fp)")
          .bind("resolved", IncidentStatus.RESOLVED.label())
          .bind("fp", IncidentStatus.FALSE_POSITIVE.label());
    }
    if (f.observable() != null) {
      w.and(
              "EXISTS (SELECT 1 FROM incident_observables o WHERE o.incident_id = incidents.id"
                  + " AND o.tenant_id = incidents.tenant_id AND o.type = :otype AND o.value = :ovalue)")
          .bind("otype", f.observable().type().label())
          .bind("ovalue", f.observable().value());
    }
    String where = w.sql();
    String page = where + (after == null ? "" : " AND " + Cursor.after("last_seen", "id"));
    return db.withHandle(
        scope,
        h -> {
          long total =
              w.bind(h.createQuery("SELECT COUNT(*) FROM incidents" + where))
                  .mapTo(Long.class)
                  .one();
          Query q =
              w.bind(
                  h.createQuery(
                      "SELECT "
                          + INCIDENT_COLUMNS
                          + " FROM incidents"
                          + page
                          + " ORDER BY last_seen DESC, id LIMIT :limit OFFSET :offset"));
          bindAfter(q, after);
          List<Incident> rows =
              q.bind("limit", limit + 1)
                  .bind("offset", offset)
                  .map((rs, ctx) -> incident(rs, List.of()))
                  .list();
          return Page.of(
              rows, total, limit, offset, i -> new Cursor(i.lastSeen().toEpochMilli(), i.id()));
        });
  }

  private static @Nullable Long millis(@Nullable Instant i) {
    return i == null ? null : i.toEpochMilli();
  }

  static void bindAfter(Query q, @Nullable Cursor after) {
    if (after != null) {
      q.bind("after_time", after.time()).bind("after_id", after.id());
    }
  }

  /** One incident with its timeline, if it exists and the scope may see it. */
  public Optional<Incident> get(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h -> {
          Optional<Incident> base =
              ScopeSql.bind(
                      h.createQuery(
                          "SELECT "
                              + INCIDENT_COLUMNS
                              + " FROM incidents WHERE id = :id AND "
                              + ScopeSql.clause(scope, "tenant_id")),
                      scope)
                  .bind("id", id)
                  .map((rs, ctx) -> incident(rs, List.of()))
                  .findOne();
          if (base.isEmpty()) {
            return base;
          }
          Incident i = base.get();
          List<TimelineEntry> timeline =
              h.createQuery(
                      "SELECT ts, kind, text, alert_id, actor FROM (SELECT seq, ts, kind, text, alert_id, actor"
                          + " FROM incident_timeline WHERE incident_id = :id AND tenant_id = :t"
                          + " ORDER BY seq DESC LIMIT "
                          + MAX_TIMELINE
                          + ") latest ORDER BY seq")
                  .bind("id", id)
                  .bind("t", i.tenant())
                  .map(
                      (rs, ctx) ->
                          new TimelineEntry(
                              Instant.ofEpochMilli(rs.getLong("ts")),
                              rs.getString("kind"),
                              rs.getString("text"),
                              rs.getString("alert_id"),
                              rs.getString("actor")))
                  .list();
          return Optional.of(i.withTimeline(timeline));
        });
  }

  /** The incident's observables with first/last seen and counts, most seen first. */
  public List<ObservableStat> observableStats(TenantScope scope, String id, int limit) {
    Incident i = get(scope, id).orElse(null);
    if (i == null) {
      return List.of();
    }
    return db.withHandle(
        scope,
        h ->
            h.createQuery(
                    "SELECT type, value, first_seen, last_seen, seen_count FROM incident_observables"
                        + " WHERE incident_id = :i AND tenant_id = :t"
                        + " ORDER BY seen_count DESC, type, value LIMIT :limit")
                .bind("i", id)
                .bind("t", i.tenant())
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new ObservableStat(
                            new Observable(
                                Observable.Type.parse(rs.getString("type")), rs.getString("value")),
                            Instant.ofEpochMilli(rs.getLong("first_seen")),
                            Instant.ofEpochMilli(rs.getLong("last_seen")),
                            rs.getLong("seen_count")))
                .list());
  }

  /** The tenant of an incident, without reading the incident (for the audit trail). */
  public Optional<String> tenantOf(String id) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT tenant_id FROM incidents WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
  }

  /** Open (not closed) incidents counted by tenant and severity, for metrics. */
  public List<OpenCount> openCounts() {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT tenant_id, severity, COUNT(*) AS n FROM incidents"
                        + " WHERE status NOT IN (:resolved, :fp) GROUP BY tenant_id, severity"
                        + " ORDER BY tenant_id, severity")
                .bind("resolved", IncidentStatus.RESOLVED.label())
                .bind("fp", IncidentStatus.FALSE_POSITIVE.label())
                .map(
                    (rs, ctx) ->
                        new OpenCount(
                            rs.getString("tenant_id"), rs.getString("severity"), rs.getLong("n")))
                .list());
  }

  /** How many open incidents a tenant has of a severity. */
  public record OpenCount(String tenant, String severity, long count) {}

  /** Alerts newest first, optionally of one incident. */
  public Page<Alert> alerts(TenantScope scope, @Nullable String incidentId, int limit, int offset) {
    return searchAlerts(scope, AlertFilter.ofIncident(incidentId), limit, offset);
  }

  /** Alerts newest first after {@code after} (null: from the first), paged by (time, id). */
  public Page<Alert> alertsAfter(
      TenantScope scope, @Nullable String incidentId, int limit, @Nullable Cursor after) {
    return searchAlertsAfter(scope, AlertFilter.ofIncident(incidentId), limit, after);
  }

  /** Alerts matching a filter after a cursor (see {@link #alertsAfter}). */
  public Page<Alert> searchAlertsAfter(
      TenantScope scope, AlertFilter f, int limit, @Nullable Cursor after) {
    Page.check(limit, 0);
    return searchAlerts(scope, f, limit, 0, after);
  }

  /** Alerts matching a filter, newest first. */
  public Page<Alert> searchAlerts(TenantScope scope, AlertFilter f, int limit, int offset) {
    Page.check(limit, offset);
    return searchAlerts(scope, f, limit, offset, null);
  }

  private Page<Alert> searchAlerts(
      TenantScope scope, AlertFilter f, int limit, int offset, @Nullable Cursor after) {
    Where w =
        new Where(scope, "tenant_id")
            .and("incident_id = :inc", "inc", f.incidentId())
            .and("tenant_id = :tenant", "tenant", f.tenant())
            .and("rule_id = :rule", "rule", f.ruleId())
            .and("source_ip = :ip", "ip", f.sourceIp())
            .and("asset = :asset", "asset", f.asset())
            .and("ts >= :since", "since", millis(f.since()))
            .and("ts < :until", "until", millis(f.until()));
    if (f.minSeverity() != null) {
      w.andIn("severity IN (<severities>)", "severities", atLeast(f.minSeverity()));
    }
    String where = w.sql();
    String page = where + (after == null ? "" : " AND " + Cursor.after("ts", "id"));
    return db.withHandle(
        scope,
        h -> {
          long total =
              w.bind(h.createQuery("SELECT COUNT(*) FROM alerts" + where)).mapTo(Long.class).one();
          Query q =
              w.bind(
                  h.createQuery(
                      "SELECT id, tenant_id, incident_id, asset, rule_id, title, rule_class, severity, ts,"
                          + " source_ip, evidence, observables FROM alerts"
                          + page
                          + " ORDER BY ts DESC, id LIMIT :limit OFFSET :offset"));
          bindAfter(q, after);
          List<Alert> rows =
              q.bind("limit", limit + 1).bind("offset", offset).map((rs, ctx) -> alert(rs)).list();
          return Page.of(
              rows, total, limit, offset, a -> new Cursor(a.timestamp().toEpochMilli(), a.id()));
        });
  }

  /**
   * The alerts of the rules whose id starts with {@code rulePrefix} (e.g. {@code mm-fim-}: the file
   * changes), newest first, within the scope.
   */
  public Page<Alert> alertsOfRules(TenantScope scope, String rulePrefix, int limit, int offset) {
    Page.check(limit, offset);
    return alertsOfRules(scope, rulePrefix, limit, offset, null);
  }

  /** As {@link #alertsOfRules}, after a cursor (see {@link #alertsAfter}). */
  public Page<Alert> alertsOfRulesAfter(
      TenantScope scope, String rulePrefix, int limit, @Nullable Cursor after) {
    Page.check(limit, 0);
    return alertsOfRules(scope, rulePrefix, limit, 0, after);
  }

  private Page<Alert> alertsOfRules(
      TenantScope scope, String rulePrefix, int limit, int offset, @Nullable Cursor after) {
    String where = " WHERE " + ScopeSql.clause(scope, "tenant_id") + " AND rule_id LIKE :rp";
    String page = where + (after == null ? "" : " AND " + Cursor.after("ts", "id"));
    String like = rulePrefix.replace("%", "").replace("_", "") + "%";
    return db.withHandle(
        scope,
        h -> {
          long total =
              ScopeSql.bind(h.createQuery("SELECT COUNT(*) FROM alerts" + where), scope)
                  .bind("rp", like)
                  .mapTo(Long.class)
                  .one();
          Query q =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT id, tenant_id, incident_id, asset, rule_id, title, rule_class,"
                          + " severity, ts, source_ip, evidence, observables FROM alerts"
                          + page
                          + " ORDER BY ts DESC, id LIMIT :limit OFFSET :offset"),
                  scope);
          bindAfter(q, after);
          List<Alert> rows =
              q.bind("rp", like)
                  .bind("limit", limit + 1)
                  .bind("offset", offset)
                  .map((rs, ctx) -> alert(rs))
                  .list();
          return Page.of(
              rows, total, limit, offset, a -> new Cursor(a.timestamp().toEpochMilli(), a.id()));
        });
  }

  /** One alert, when it is of a tenant in the scope. */
  public Optional<Alert> alert(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, incident_id, asset, rule_id, title, rule_class,"
                            + " severity, ts, source_ip, evidence, observables FROM alerts WHERE"
                            + " id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> alert(rs))
                .findFirst());
  }

  private static List<String> atLeast(Severity min) {
    return java.util.Arrays.stream(Severity.values())
        .filter(s -> s.compareTo(min) >= 0)
        .map(Severity::label)
        .toList();
  }

  /** Open incidents the scope may see, counted by tenant and severity (for the dashboard). */
  public List<OpenCount> openCounts(TenantScope scope) {
    Where w =
        new Where(scope, "tenant_id")
            .and("status NOT IN (:resolved, :fp)")
            .bind("resolved", IncidentStatus.RESOLVED.label())
            .bind("fp", IncidentStatus.FALSE_POSITIVE.label());
    return db.withHandle(
        scope,
        h ->
            w.bind(
                    h.createQuery(
                        "SELECT tenant_id, severity, COUNT(*) AS n FROM incidents"
                            + w.sql()
                            + " GROUP BY tenant_id, severity ORDER BY tenant_id, severity"))
                .map(
                    (rs, ctx) ->
                        new OpenCount(
                            rs.getString("tenant_id"), rs.getString("severity"), rs.getLong("n")))
                .list());
  }

  /** Alerts per shop since a time, with the newest alert's time, for the dashboard. */
  public List<AssetAlerts> alertsByAsset(TenantScope scope, Instant since, int limit) {
    Where w = new Where(scope, "tenant_id").and("ts >= :since", "since", since.toEpochMilli());
    return db.withHandle(
        scope,
        h ->
            w.bind(
                    h.createQuery(
                        "SELECT tenant_id, asset, COUNT(*) AS n, MAX(ts) AS last FROM alerts"
                            + w.sql()
                            + " GROUP BY tenant_id, asset ORDER BY tenant_id, asset LIMIT :limit"))
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new AssetAlerts(
                            rs.getString("tenant_id"),
                            rs.getString("asset"),
                            rs.getLong("n"),
                            Instant.ofEpochMilli(rs.getLong("last"))))
                .list());
  }

  static Incident incident(ResultSet rs, List<TimelineEntry> timeline) throws SQLException {
    return new Incident(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("asset"),
        rs.getString("title"),
        IncidentStatus.parse(rs.getString("status")),
        Severity.parse(rs.getString("severity")),
        rs.getInt("alert_count"),
        Instant.ofEpochMilli(rs.getLong("first_seen")),
        Instant.ofEpochMilli(rs.getLong("last_seen")),
        timeline,
        Json.observables(rs.getString("observables")),
        rs.getInt("chain_stage"),
        rs.getString("assignee"));
  }

  static Alert alert(ResultSet rs) throws SQLException {
    return new Alert(
        rs.getString("id"),
        rs.getString("rule_id"),
        rs.getString("title"),
        rs.getString("rule_class"),
        Severity.parse(rs.getString("severity")),
        rs.getString("tenant_id"),
        rs.getString("asset"),
        Instant.ofEpochMilli(rs.getLong("ts")),
        rs.getString("source_ip"),
        Json.evidence(rs.getString("evidence")),
        Json.observables(rs.getString("observables")),
        rs.getString("incident_id"));
  }
}
