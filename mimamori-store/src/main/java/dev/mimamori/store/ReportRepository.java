package dev.mimamori.store;

import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * What a tenant's monthly report reads, and the reports queued for e-mail. Every read takes the
 * caller's {@link TenantScope} and one tenant: a scope without the tenant reads nothing.
 */
public final class ReportRepository {
  /** Reports queued by the monthly schedule. */
  public static final String SCHEDULE = "schedule";

  /** Reports queued by a person ({@code POST /api/v1/reports/{tenant}/{month}/send}). */
  public static final String REQUEST = "request";

  /** A report queued for e-mail. */
  public record Queued(
      String id,
      String tenant,
      String month,
      String origin,
      @Nullable String requestedBy,
      Instant createdAt) {}

  /** An incident's opening, for the counts and the per-day histogram. */
  public record Opened(Instant firstSeen, Severity severity) {}

  /** The file changes of a month: how many, and the first {@code limit} of them. */
  public record FileChanges(long total, List<Alert> items) {}

  /** Prefix of the rule ids of file-integrity alerts ({@code mm-fim-added}, …). */
  static final String FIM_RULES = "mm-fim-";

  /**
   * A status entry that set an incident resolved, as IncidentLifecycle writes it: {@code "status
   * <from> → resolved"}, with {@code ": <comment>"} after it when there was one.
   */
  private static final String RESOLVED_TEXT = resolvedText();

  private static String resolvedText() {
    StringBuilder b = new StringBuilder("(");
    for (IncidentStatus from : IncidentStatus.values()) {
      if (from == IncidentStatus.RESOLVED) {
        continue;
      }
      String entry = "status " + from.label() + " → " + IncidentStatus.RESOLVED.label();
      b.append(b.length() > 1 ? " OR " : "")
          .append("text = '")
          .append(entry)
          .append("' OR text LIKE '")
          .append(entry)
          .append(": %'");
    }
    return b.append(")").toString();
  }

  private final Database db;
  private final Clock clock;

  ReportRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The id of the scheduled report of a tenant and month: the same on every tick and server. */
  public static String scheduledId(String tenant, String month) {
    return SCHEDULE + ":" + tenant + ":" + month;
  }

  /** Incidents first seen in {@code [from, to)}, oldest first (at most 100,000). */
  public List<Opened> opened(TenantScope scope, String tenant, Instant from, Instant to) {
    return db.withHandle(
        scope,
        h ->
            range(
                    h,
                    scope,
                    "SELECT first_seen, severity FROM incidents WHERE tenant_id = :t"
                        + " AND merged_into IS NULL"
                        + " AND first_seen >= :from AND first_seen < :to AND "
                        + ScopeSql.clause(scope, "tenant_id")
                        + " ORDER BY first_seen LIMIT 100000",
                    tenant,
                    from,
                    to)
                .map(
                    (rs, ctx) ->
                        new Opened(
                            Instant.ofEpochMilli(rs.getLong("first_seen")),
                            Severity.parse(rs.getString("severity"))))
                .list());
  }

  /** How many incidents were set to resolved in {@code [from, to)} (from their timelines). */
  public long resolved(TenantScope scope, String tenant, Instant from, Instant to) {
    return db.withHandle(
        scope,
        h ->
            range(
                    h,
                    scope,
                    "SELECT COUNT(DISTINCT incident_id) FROM incident_timeline WHERE tenant_id = :t"
                        + " AND kind = 'status' AND "
                        + RESOLVED_TEXT
                        + " AND ts >= :from AND ts < :to AND "
                        + ScopeSql.clause(scope, "tenant_id"),
                    tenant,
                    from,
                    to)
                .mapTo(Long.class)
                .one());
  }

  /**
   * The incidents active in {@code [from, to)} (first seen before its end, last seen after its
   * start), most severe first, then most alerts, at most {@code limit}.
   */
  public List<Incident> top(TenantScope scope, String tenant, Instant from, Instant to, int limit) {
    return db.withHandle(
        scope,
        h ->
            range(
                    h,
                    scope,
                    "SELECT "
                        + IncidentRepository.INCIDENT_COLUMNS
                        + " FROM incidents WHERE tenant_id = :t AND first_seen < :to"
                        + " AND last_seen >= :from AND merged_into IS NULL AND "
                        + ScopeSql.clause(scope, "tenant_id")
                        + " ORDER BY severity_rank DESC, alert_count DESC, last_seen DESC, id"
                        + " LIMIT :limit",
                    tenant,
                    from,
                    to)
                .bind("limit", limit)
                .map((rs, ctx) -> IncidentRepository.incident(rs, List.of()))
                .list());
  }

  /** File-integrity alerts (rules {@code mm-fim-*}) in {@code [from, to)}, newest first. */
  public FileChanges fileChanges(
      TenantScope scope, String tenant, Instant from, Instant to, int limit) {
    String where =
        " FROM alerts WHERE tenant_id = :t AND rule_id LIKE :fim AND ts >= :from AND ts < :to AND "
            + ScopeSql.clause(scope, "tenant_id");
    return db.withHandle(
        scope,
        h -> {
          long total =
              range(h, scope, "SELECT COUNT(*)" + where, tenant, from, to)
                  .bind("fim", FIM_RULES + "%")
                  .mapTo(Long.class)
                  .one();
          List<Alert> items =
              range(
                      h,
                      scope,
                      "SELECT id, tenant_id, incident_id, asset, rule_id, title, rule_class, severity,"
                          + " ts, source_ip, evidence, observables"
                          + where
                          + " ORDER BY ts DESC, id LIMIT :limit",
                      tenant,
                      from,
                      to)
                  .bind("fim", FIM_RULES + "%")
                  .bind("limit", limit)
                  .map((rs, ctx) -> IncidentRepository.alert(rs))
                  .list();
          return new FileChanges(total, items);
        });
  }

  private static org.jdbi.v3.core.statement.Query range(
      Handle h, TenantScope scope, String sql, String tenant, Instant from, Instant to) {
    return ScopeSql.bind(h.createQuery(sql), scope)
        .bind("t", tenant)
        .bind("from", from.toEpochMilli())
        .bind("to", to.toEpochMilli());
  }

  /**
   * Records a report and its messages in one transaction. A report whose id is already there (the
   * scheduled report of a tenant and month) is left as it is, and nothing is queued.
   *
   * @return whether the report was new
   */
  public boolean queue(
      String id,
      String tenant,
      String month,
      String origin,
      @Nullable String requestedBy,
      List<OutboxMessage> messages) {
    long now = clock.millis();
    return db.inTransaction(
        TenantScope.of(tenant),
        h -> {
          int n =
              h.createUpdate(
                      "INSERT INTO reports (id, tenant_id, month, origin, requested_by, created_at)"
                          + " VALUES (:id, :t, :m, :o, :by, :now) ON CONFLICT (id) DO NOTHING")
                  .bind("id", id)
                  .bind("t", tenant)
                  .bind("m", month)
                  .bind("o", origin)
                  .bind("by", requestedBy)
                  .bind("now", now)
                  .execute();
          if (n == 0) {
            return false;
          }
          OutboxRepository.insert(h, messages, now);
          return true;
        });
  }

  /** One queued report, if the scope may see it. */
  public Optional<Queued> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, month, origin, requested_by, created_at FROM reports"
                            + " WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Queued(
                            rs.getString("id"),
                            rs.getString("tenant_id"),
                            rs.getString("month"),
                            rs.getString("origin"),
                            rs.getString("requested_by"),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
  }

  /** The reports of a tenant and month, oldest first. */
  public List<Queued> forMonth(TenantScope scope, String tenant, String month) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, month, origin, requested_by, created_at FROM reports"
                            + " WHERE tenant_id = :t AND month = :m AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at, id"),
                    scope)
                .bind("t", tenant)
                .bind("m", month)
                .map(
                    (rs, ctx) ->
                        new Queued(
                            rs.getString("id"),
                            rs.getString("tenant_id"),
                            rs.getString("month"),
                            rs.getString("origin"),
                            rs.getString("requested_by"),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list());
  }
}
