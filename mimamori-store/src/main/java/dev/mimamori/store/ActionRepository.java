package dev.mimamori.store;

import dev.mimamori.model.Observable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Response actions that changed something: what, on what, for which incident, by whom, until when,
 * and whether they were undone. The server undoes expired ones from here and, after a restart,
 * restores what lives only in its memory (CrowdSec decisions).
 */
public final class ActionRepository {
  /** One action taken. */
  public record Taken(
      String id,
      String tenant,
      String incidentId,
      String action,
      Observable target,
      @Nullable Duration ttl,
      @Nullable Instant expiresAt,
      @Nullable String actor,
      Instant createdAt) {}

  private static final String COLUMNS =
      "id, tenant_id, incident_id, action, target_type, target_value, ttl_ms, expires_at, actor,"
          + " created_at";

  private final Database db;
  private final Clock clock;

  ActionRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Taken record(
      String tenant,
      String incidentId,
      String action,
      Observable target,
      @Nullable Duration ttl,
      @Nullable String actor) {
    Instant now = clock.instant();
    Taken t =
        new Taken(
            UUID.randomUUID().toString(),
            tenant,
            incidentId,
            action,
            target,
            ttl,
            ttl == null ? null : now.plus(ttl),
            actor,
            now);
    db.useHandle(
        TenantScope.of(tenant),
        h ->
            h.createUpdate(
                    "INSERT INTO response_actions ("
                        + COLUMNS
                        + ") VALUES (:id, :t, :i, :a, :tt, :tv, :ttl, :exp, :actor, :now)")
                .bind("id", t.id())
                .bind("t", tenant)
                .bind("i", incidentId)
                .bind("a", action)
                .bind("tt", target.type().label())
                .bind("tv", target.value())
                .bind("ttl", ttl == null ? null : ttl.toMillis())
                .bind("exp", t.expiresAt() == null ? null : t.expiresAt().toEpochMilli())
                .bind("actor", actor)
                .bind("now", now.toEpochMilli())
                .execute());
    return t;
  }

  /** Marks every open action of this name on this target for this tenant undone. */
  public int markUndone(String tenant, String action, Observable target, String note) {
    return db.withHandle(
        TenantScope.of(tenant),
        h ->
            h.createUpdate(
                    "UPDATE response_actions SET undone_at = :now, undo_note = :note"
                        + " WHERE tenant_id = :t AND action = :a AND target_type = :tt"
                        + " AND target_value = :tv AND undone_at IS NULL")
                .bind("now", clock.millis())
                .bind("note", note.length() > 1000 ? note.substring(0, 1000) : note)
                .bind("t", tenant)
                .bind("a", action)
                .bind("tt", target.type().label())
                .bind("tv", target.value())
                .execute());
  }

  /** Marks one action undone (its expiry ran out). */
  public void markUndone(String id, String note) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "UPDATE response_actions SET undone_at = :now, undo_note = :note"
                        + " WHERE id = :id AND undone_at IS NULL")
                .bind("now", clock.millis())
                .bind("note", note.length() > 1000 ? note.substring(0, 1000) : note)
                .bind("id", id)
                .execute());
  }

  /** Open actions whose expiry has come. */
  public List<Taken> due(Instant now, int limit) {
    return query(
        "undone_at IS NULL AND expires_at IS NOT NULL AND expires_at <= :now"
            + " ORDER BY expires_at LIMIT :limit",
        now,
        limit);
  }

  /** Open actions not expired, oldest first. */
  public List<Taken> active(Instant now, int limit) {
    return query(
        "undone_at IS NULL AND (expires_at IS NULL OR expires_at > :now)"
            + " ORDER BY created_at LIMIT :limit",
        now,
        limit);
  }

  /** An action taken on an incident, and whether and how it was undone. */
  public record Entry(Taken taken, @Nullable Instant undoneAt, @Nullable String undoNote) {}

  /** The actions taken for an incident the scope may see, newest first. */
  public List<Entry> forIncident(TenantScope scope, String incidentId, int limit) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + ", undone_at, undo_note FROM response_actions WHERE incident_id = :i AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at DESC LIMIT :limit"),
                    scope)
                .bind("i", incidentId)
                .bind("limit", limit)
                .map(
                    (rs, ctx) -> {
                      Taken t = taken(rs);
                      long undone = rs.getLong("undone_at");
                      boolean notUndone = rs.wasNull();
                      return new Entry(
                          t,
                          notUndone ? null : Instant.ofEpochMilli(undone),
                          rs.getString("undo_note"));
                    })
                .list());
  }

  /**
   * The actions taken for one tenant in {@code [from, to)}, oldest first, at most {@code limit};
   * none when the scope does not include the tenant.
   */
  public List<Entry> history(
      TenantScope scope, String tenant, Instant from, Instant to, int limit) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + ", undone_at, undo_note FROM response_actions WHERE tenant_id = :t"
                            + " AND created_at >= :from AND created_at < :to AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at, id LIMIT :limit"),
                    scope)
                .bind("t", tenant)
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .bind("limit", limit)
                .map(
                    (rs, ctx) -> {
                      long undone = rs.getLong("undone_at");
                      boolean notUndone = rs.wasNull();
                      return new Entry(
                          taken(rs),
                          notUndone ? null : Instant.ofEpochMilli(undone),
                          rs.getString("undo_note"));
                    })
                .list());
  }

  /** How many actions were taken for one tenant in {@code [from, to)}; 0 outside the scope. */
  public long countTaken(TenantScope scope, String tenant, Instant from, Instant to) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT COUNT(*) FROM response_actions WHERE tenant_id = :t"
                            + " AND created_at >= :from AND created_at < :to AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("t", tenant)
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .mapTo(Long.class)
                .one());
  }

  private List<Taken> query(String where, Instant now, int limit) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM response_actions WHERE " + where)
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> taken(rs))
                .list());
  }

  private static Taken taken(java.sql.ResultSet rs) throws java.sql.SQLException {
    long ttl = rs.getLong("ttl_ms");
    boolean noTtl = rs.wasNull();
    long exp = rs.getLong("expires_at");
    boolean noExp = rs.wasNull();
    return new Taken(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("incident_id"),
        rs.getString("action"),
        new Observable(
            Observable.Type.parse(rs.getString("target_type")), rs.getString("target_value")),
        noTtl ? null : Duration.ofMillis(ttl),
        noExp ? null : Instant.ofEpochMilli(exp),
        rs.getString("actor"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
