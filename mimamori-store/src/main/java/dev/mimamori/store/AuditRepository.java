package dev.mimamori.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The audit log: every sign-in and every change, append-only, read by admins. */
public final class AuditRepository {
  /**
   * One entry.
   *
   * @param action e.g. {@code login}, {@code POST /api/v1/incidents/{id}/ack}
   * @param target the object's id when there is one
   * @param outcome {@code ok}, {@code refused}, {@code failed} or an HTTP status
   */
  public record Entry(
      String id,
      Instant at,
      @Nullable String tenant,
      String actor,
      String action,
      @Nullable String target,
      String outcome,
      @Nullable String sourceIp,
      @Nullable String detail) {}

  private final Database db;
  private final Clock clock;

  AuditRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void record(
      @Nullable String tenant,
      String actor,
      String action,
      @Nullable String target,
      String outcome,
      @Nullable String sourceIp,
      @Nullable String detail) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "INSERT INTO audit_log (id, at, tenant_id, actor, action, target, outcome,"
                        + " source_ip, detail) VALUES (:id, :at, :t, :actor, :action, :target,"
                        + " :outcome, :ip, :detail)")
                .bind("id", UUID.randomUUID().toString())
                .bind("at", clock.millis())
                .bind("t", tenant)
                .bind("actor", clip(actor, 200))
                .bind("action", clip(action, 300))
                .bind("target", target == null ? null : clip(target, 300))
                .bind("outcome", clip(outcome, 50))
                .bind("ip", sourceIp == null ? null : clip(sourceIp, 100))
                .bind("detail", detail == null ? null : clip(detail, 2000))
                .execute());
  }

  /**
   * Entries of the scope between {@code from} and {@code to}, newest first. Entries without a
   * tenant (sign-ins by unknown names) are the SOC's: only an all-tenant scope sees them.
   */
  public List<Entry> list(TenantScope scope, Instant from, Instant to, int limit) {
    return page(scope, from, to, limit, null).items();
  }

  /**
   * Like {@link #list} after {@code after} (null: from the newest), paged by (time, id), with how
   * many entries the range holds in all and where the next page starts.
   */
  public Page<Entry> page(
      TenantScope scope, Instant from, Instant to, int limit, @Nullable Cursor after) {
    return page(scope, from, to, limit, after, null, null);
  }

  /**
   * As {@link #page(TenantScope, Instant, Instant, int, Cursor)}, of the entries whose actor and
   * action contain the given texts (any case; null or empty: any), filtered before the limit.
   */
  public Page<Entry> page(
      TenantScope scope,
      Instant from,
      Instant to,
      int limit,
      @Nullable Cursor after,
      @Nullable String actorText,
      @Nullable String actionText) {
    String actor = actorText == null || actorText.isEmpty() ? null : Where.contains(actorText);
    String action = actionText == null || actionText.isEmpty() ? null : Where.contains(actionText);
    String where =
        " FROM audit_log WHERE at >= :from AND at < :to AND "
            + (scope.all() ? "1 = 1" : ScopeSql.clause(scope, "tenant_id"))
            + (actor == null ? "" : " AND LOWER(actor) LIKE LOWER(:actor) ESCAPE '\\'")
            + (action == null ? "" : " AND LOWER(action) LIKE LOWER(:action) ESCAPE '\\'");
    return db.withHandle(
        scope,
        h -> {
          long total =
              texts(ScopeSql.bind(h.createQuery("SELECT COUNT(*)" + where), scope), actor, action)
                  .bind("from", from.toEpochMilli())
                  .bind("to", to.toEpochMilli())
                  .mapTo(Long.class)
                  .one();
          var q =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT id, at, tenant_id, actor, action, target, outcome, source_ip, detail"
                          + where
                          + (after == null ? "" : " AND " + Cursor.after("at", "id"))
                          + " ORDER BY at DESC, id LIMIT :limit"),
                  scope);
          IncidentRepository.bindAfter(q, after);
          List<Entry> rows =
              texts(q, actor, action)
                  .bind("from", from.toEpochMilli())
                  .bind("to", to.toEpochMilli())
                  .bind("limit", limit + 1)
                  .map(
                      (rs, ctx) ->
                          new Entry(
                              rs.getString("id"),
                              Instant.ofEpochMilli(rs.getLong("at")),
                              rs.getString("tenant_id"),
                              rs.getString("actor"),
                              rs.getString("action"),
                              rs.getString("target"),
                              rs.getString("outcome"),
                              rs.getString("source_ip"),
                              rs.getString("detail")))
                  .list();
          return Page.of(rows, total, limit, 0, e -> new Cursor(e.at().toEpochMilli(), e.id()));
        });
  }

  private static String clip(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static org.jdbi.v3.core.statement.Query texts(
      org.jdbi.v3.core.statement.Query q, @Nullable String actor, @Nullable String action) {
    if (actor != null) {
      q.bind("actor", actor);
    }
    if (action != null) {
      q.bind("action", action);
    }
    return q;
  }
}
