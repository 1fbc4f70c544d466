package dev.mimamori.store;

import dev.mimamori.incidents.IncidentStore;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/** Incidents, their timelines and their alerts. Reads always carry a {@link TenantScope}. */
public final class IncidentRepository implements IncidentStore {
  private static final String INCIDENT_COLUMNS =
      "id, tenant_id, asset, title, status, severity, alert_count, first_seen, last_seen, observables";

  /** The newest timeline entries returned with an incident; an endless attack stays readable. */
  public static final int MAX_TIMELINE = 1000;

  private final Jdbi jdbi;
  private final Clock clock;

  IncidentRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  // --- the pipeline's side -------------------------------------------------------------------

  @Override
  public Optional<Incident> findOpen(String tenant, String correlationKey) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + INCIDENT_COLUMNS
                        + " FROM incidents WHERE tenant_id = :t AND correlation_key = :k AND status NOT IN (:resolved, :fp)"
                        + " ORDER BY last_seen DESC LIMIT 1")
                .bind("t", tenant)
                .bind("k", correlationKey)
                .bind("resolved", IncidentStatus.RESOLVED.label())
                .bind("fp", IncidentStatus.FALSE_POSITIVE.label())
                .map((rs, ctx) -> incident(rs, List.of()))
                .findOne());
  }

  @Override
  public boolean hasAlert(String tenant, String alertId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT 1 FROM alerts WHERE id = :id AND tenant_id = :t")
                .bind("id", alertId)
                .bind("t", tenant)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  @Override
  public void record(
      Alert alert, Incident incident, String correlationKey, boolean isNew, TimelineEntry entry) {
    if (!alert.tenant().equals(incident.tenant())) {
      throw new IllegalArgumentException("alert and incident belong to different tenants");
    }
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          if (isNew) {
            h.createUpdate(
                    "INSERT INTO incidents (id, tenant_id, asset, title, status, severity, severity_rank,"
                        + " alert_count, first_seen, last_seen, correlation_key, observables, created_at, updated_at)"
                        + " VALUES (:id, :t, :asset, :title, :status, :sev, :rank, :count, :first, :last, :key,"
                        + " :obs, :now, :now)")
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
                .bind("key", correlationKey)
                .bind("obs", Json.observables(incident.observables()))
                .bind("now", now)
                .execute();
          } else {
            int n =
                h.createUpdate(
                        "UPDATE incidents SET title = :title, severity = :sev, severity_rank = :rank,"
                            + " alert_count = :count, first_seen = :first, last_seen = :last,"
                            + " observables = :obs, updated_at = :now WHERE id = :id AND tenant_id = :t")
                    .bind("id", incident.id())
                    .bind("t", incident.tenant())
                    .bind("title", incident.title())
                    .bind("sev", incident.severity().label())
                    .bind("rank", incident.severity().ordinal())
                    .bind("count", incident.alertCount())
                    .bind("first", incident.firstSeen().toEpochMilli())
                    .bind("last", incident.lastSeen().toEpochMilli())
                    .bind("obs", Json.observables(incident.observables()))
                    .bind("now", now)
                    .execute();
            if (n != 1) {
              throw new IllegalStateException("incident " + incident.id() + " vanished");
            }
          }
          insertAlert(h, alert, now);
          long seq =
              h.createQuery(
                      "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_timeline WHERE incident_id = :i")
                  .bind("i", incident.id())
                  .mapTo(Long.class)
                  .one();
          h.createUpdate(
                  "INSERT INTO incident_timeline (id, tenant_id, incident_id, seq, ts, kind, text, alert_id)"
                      + " VALUES (:id, :t, :i, :seq, :ts, :kind, :text, :a)")
              .bind("id", UUID.randomUUID().toString())
              .bind("t", incident.tenant())
              .bind("i", incident.id())
              .bind("seq", seq)
              .bind("ts", entry.timestamp().toEpochMilli())
              .bind("kind", entry.kind())
              .bind("text", entry.text())
              .bind("a", entry.alertId())
              .execute();
        });
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
    Page.check(limit, offset);
    String where =
        " WHERE "
            + ScopeSql.clause(scope, "tenant_id")
            + (status == null ? "" : " AND status = :status");
    return jdbi.withHandle(
        h -> {
          Query count =
              ScopeSql.bind(h.createQuery("SELECT COUNT(*) FROM incidents" + where), scope);
          Query page =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT "
                          + INCIDENT_COLUMNS
                          + " FROM incidents"
                          + where
                          + " ORDER BY last_seen DESC, id LIMIT :limit OFFSET :offset"),
                  scope);
          if (status != null) {
            count.bind("status", status.label());
            page.bind("status", status.label());
          }
          long total = count.mapTo(Long.class).one();
          List<Incident> items =
              page.bind("limit", limit)
                  .bind("offset", offset)
                  .map((rs, ctx) -> incident(rs, List.of()))
                  .list();
          return new Page<>(items, total, limit, offset);
        });
  }

  /** One incident with its timeline, if it exists and the scope may see it. */
  public Optional<Incident> get(TenantScope scope, String id) {
    return jdbi.withHandle(
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
                      "SELECT ts, kind, text, alert_id FROM (SELECT seq, ts, kind, text, alert_id"
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
                              rs.getString("alert_id")))
                  .list();
          return Optional.of(i.withTimeline(timeline));
        });
  }

  /** Alerts newest first, optionally of one incident. */
  public Page<Alert> alerts(TenantScope scope, @Nullable String incidentId, int limit, int offset) {
    Page.check(limit, offset);
    String where =
        " WHERE "
            + ScopeSql.clause(scope, "tenant_id")
            + (incidentId == null ? "" : " AND incident_id = :inc");
    return jdbi.withHandle(
        h -> {
          Query count = ScopeSql.bind(h.createQuery("SELECT COUNT(*) FROM alerts" + where), scope);
          Query page =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT id, tenant_id, incident_id, asset, rule_id, title, rule_class, severity, ts,"
                          + " source_ip, evidence, observables FROM alerts"
                          + where
                          + " ORDER BY ts DESC, id LIMIT :limit OFFSET :offset"),
                  scope);
          if (incidentId != null) {
            count.bind("inc", incidentId);
            page.bind("inc", incidentId);
          }
          long total = count.mapTo(Long.class).one();
          List<Alert> items =
              page.bind("limit", limit).bind("offset", offset).map((rs, ctx) -> alert(rs)).list();
          return new Page<>(items, total, limit, offset);
        });
  }

  private static Incident incident(ResultSet rs, List<TimelineEntry> timeline) throws SQLException {
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
        Json.observables(rs.getString("observables")));
  }

  private static Alert alert(ResultSet rs) throws SQLException {
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
