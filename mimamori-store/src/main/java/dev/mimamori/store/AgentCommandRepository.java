package dev.mimamori.store;

import dev.mimamori.model.Observable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Response actions queued for agents (docs/AGENT.md, "Local response"): each command is for one
 * agent, fetched by that agent only, and finished once, by the first result it posts.
 */
public final class AgentCommandRepository {
  /** The longest summary kept. */
  public static final int MAX_SUMMARY = 2000;

  /**
   * A queued command.
   *
   * @param actionName the response file's name of the action
   * @param runType the local action type the agent runs ({@code quarantine-file}, ...)
   * @param late whether the server stopped waiting for it (its result goes on the timeline alone)
   * @param outcome {@code done}, {@code refused} or {@code failed} once finished, else null
   */
  public record Command(
      String id,
      String tenant,
      String agentId,
      String incidentId,
      String actionName,
      String runType,
      boolean undo,
      Observable target,
      @Nullable Duration ttl,
      boolean dryRun,
      String requestedBy,
      Instant createdAt,
      @Nullable Instant deliveredAt,
      boolean late,
      @Nullable Instant finishedAt,
      @Nullable String outcome,
      boolean changed,
      boolean temporary,
      @Nullable String summary) {
    public boolean finished() {
      return finishedAt != null;
    }
  }

  /** What to queue for one agent. */
  public record NewCommand(
      String tenant,
      String agentId,
      String incidentId,
      String actionName,
      String runType,
      boolean undo,
      Observable target,
      @Nullable Duration ttl,
      boolean dryRun,
      String requestedBy) {}

  private static final String COLUMNS =
      "id, tenant_id, agent_id, incident_id, action_name, run_type, undo, target_type,"
          + " target_value, ttl_ms, dry_run, requested_by, created_at, delivered_at, late,"
          + " finished_at, outcome, changed, temporary, summary";

  private final Database db;
  private final Clock clock;

  AgentCommandRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Command queue(NewCommand c) {
    String id = "cmd_" + UUID.randomUUID().toString().replace("-", "");
    long now = clock.millis();
    db.useHandle(
        TenantScope.of(c.tenant()),
        h ->
            h.createUpdate(
                    "INSERT INTO agent_commands (id, tenant_id, agent_id, incident_id,"
                        + " action_name, run_type, undo, target_type, target_value, ttl_ms,"
                        + " dry_run, requested_by, created_at) VALUES (:id, :t, :a, :i, :n, :r,"
                        + " :u, :tt, :tv, :ttl, :d, :by, :now)")
                .bind("id", id)
                .bind("t", c.tenant())
                .bind("a", c.agentId())
                .bind("i", c.incidentId())
                .bind("n", c.actionName())
                .bind("r", c.runType())
                .bind("u", c.undo() ? 1 : 0)
                .bind("tt", c.target().type().label())
                .bind("tv", c.target().value())
                .bind("ttl", c.ttl() == null ? null : c.ttl().toMillis())
                .bind("d", c.dryRun() ? 1 : 0)
                .bind("by", clip(c.requestedBy(), 200))
                .bind("now", now)
                .execute());
    return get(id).orElseThrow();
  }

  /** A command by id, whoever it is for (the caller checks it is the asking agent's). */
  public Optional<Command> get(String id) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM agent_commands WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> command(rs))
                .findOne());
  }

  /**
   * The unfinished commands of one agent, oldest first; each is marked delivered the first time.
   */
  public List<Command> pendingFor(String agentId, int limit) {
    long now = clock.millis();
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          h.createUpdate(
                  "UPDATE agent_commands SET delivered_at = :now WHERE agent_id = :a AND"
                      + " finished_at IS NULL AND delivered_at IS NULL")
              .bind("now", now)
              .bind("a", agentId)
              .execute();
          return h.createQuery(
                  "SELECT "
                      + COLUMNS
                      + " FROM agent_commands WHERE agent_id = :a AND finished_at IS NULL"
                      + " ORDER BY created_at, id LIMIT :l")
              .bind("a", agentId)
              .bind("l", limit)
              .map((rs, ctx) -> command(rs))
              .list();
        });
  }

  /**
   * Records a command's result unless it has one: the first result wins.
   *
   * @return true when this call finished it
   */
  public boolean finish(
      String id, String outcome, boolean changed, boolean temporary, String summary) {
    long now = clock.millis();
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate(
                        "UPDATE agent_commands SET finished_at = :now, outcome = :o, changed = :c,"
                            + " temporary = :tmp, summary = :s WHERE id = :id AND finished_at IS"
                            + " NULL")
                    .bind("now", now)
                    .bind("o", clip(outcome, 20))
                    .bind("c", changed ? 1 : 0)
                    .bind("tmp", temporary ? 1 : 0)
                    .bind("s", clip(summary, MAX_SUMMARY))
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /**
   * Marks a command as no longer waited for, unless it has finished meanwhile.
   *
   * @return true when it was still unfinished (its result will come later)
   */
  public boolean giveUpWaiting(String id) {
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate(
                        "UPDATE agent_commands SET late = 1 WHERE id = :id AND finished_at IS"
                            + " NULL")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** The commands of the scope for one incident, newest first. */
  public List<Command> ofIncident(TenantScope scope, String incidentId) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM agent_commands WHERE incident_id = :i AND "
                                + ScopeSql.clause(scope, "tenant_id")
                                + " ORDER BY created_at DESC, id LIMIT 500")
                        .bind("i", incidentId),
                    scope)
                .map((rs, ctx) -> command(rs))
                .list());
  }

  private static Command command(ResultSet rs) throws SQLException {
    long ttl = rs.getLong("ttl_ms");
    Duration t = rs.wasNull() ? null : Duration.ofMillis(ttl);
    return new Command(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("agent_id"),
        rs.getString("incident_id"),
        rs.getString("action_name"),
        rs.getString("run_type"),
        rs.getInt("undo") != 0,
        new Observable(
            Observable.Type.parse(rs.getString("target_type")), rs.getString("target_value")),
        t,
        rs.getInt("dry_run") != 0,
        rs.getString("requested_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "delivered_at"),
        rs.getInt("late") != 0,
        instant(rs, "finished_at"),
        rs.getString("outcome"),
        rs.getInt("changed") != 0,
        rs.getInt("temporary") != 0,
        rs.getString("summary"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
