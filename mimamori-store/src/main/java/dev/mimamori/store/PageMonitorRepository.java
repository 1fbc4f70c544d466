package dev.mimamori.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Storefront monitors (a page, or a flow ending on one, checked in a browser on a schedule), the
 * script inventory with its approvals, and each site's host policy. Scoped like the rest; the
 * scheduler reads due monitors and their sealed flow secrets as system work.
 */
public final class PageMonitorRepository {
  /** A monitor. {@code lastResult} is the last check's JSON report, or its error. */
  public record PageMonitor(
      String id,
      String tenant,
      String site,
      String name,
      String url,
      @Nullable String flow,
      boolean hasFlowSecret,
      int intervalSeconds,
      boolean enabled,
      @Nullable String baseline,
      @Nullable Instant baselineAt,
      Instant nextCheckAt,
      @Nullable Instant lastCheckAt,
      @Nullable String lastStatus,
      @Nullable String lastResult,
      Instant createdAt) {}

  /** What a monitor is made from; {@code sealedFlowSecret} is already encrypted. */
  public record Spec(
      String name,
      String url,
      @Nullable String flow,
      @Nullable String sealedFlowSecret,
      int intervalSeconds,
      boolean enabled) {}

  /** A script a monitored page ran, and whether it is authorized (PCI DSS 6.4.3). */
  public record PageScript(
      String monitor,
      String tenant,
      String script,
      String hash,
      String host,
      Instant firstSeen,
      Instant lastSeen,
      String decision,
      @Nullable String justification,
      @Nullable String decidedBy,
      @Nullable Instant decidedAt) {}

  /** A script as a check saw it. */
  public record Seen(String script, String hash, String host) {}

  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";

  public static final int MIN_INTERVAL_SECONDS = 60;
  public static final int MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

  private static final String COLUMNS =
      "id, tenant_id, site_id, name, url, flow, flow_secret, interval_seconds, enabled, baseline,"
          + " baseline_at, next_check_at, last_check_at, last_status, last_result, created_at";

  private final Database db;
  private final Clock clock;

  PageMonitorRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public PageMonitor create(TenantScope scope, String tenant, String site, Spec spec) {
    validate(spec);
    String id = UUID.randomUUID().toString();
    long now = clock.millis();
    db.useHandle(
        scope,
        h ->
            h.createUpdate(
                    "INSERT INTO page_monitors (id, tenant_id, site_id, name, url, flow, flow_secret,"
                        + " interval_seconds, enabled, next_check_at, created_at, updated_at)"
                        + " VALUES (:id, :t, :s, :n, :u, :f, :fs, :i, :e, :now, :now, :now)")
                .bind("id", id)
                .bind("t", tenant)
                .bind("s", site)
                .bind("n", spec.name())
                .bind("u", spec.url())
                .bind("f", spec.flow())
                .bind("fs", spec.sealedFlowSecret())
                .bind("i", spec.intervalSeconds())
                .bind("e", spec.enabled() ? 1 : 0)
                .bind("now", now)
                .execute());
    return find(scope, id).orElseThrow();
  }

  /**
   * Replaces what the monitor is made of; a null {@code sealedFlowSecret} keeps the stored one.
   * Empty when the monitor is not in scope.
   */
  public Optional<PageMonitor> update(TenantScope scope, String id, Spec spec) {
    validate(spec);
    int n =
        db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE page_monitors SET"
                                // Another page or walk: the old baseline compares with nothing.
                                + " baseline = CASE WHEN url = :u AND COALESCE(flow, '') ="
                                + " COALESCE(:f, '') THEN baseline ELSE NULL END,"
                                + " baseline_at = CASE WHEN url = :u AND COALESCE(flow, '') ="
                                + " COALESCE(:f, '') THEN baseline_at ELSE NULL END,"
                                + " last_result = CASE WHEN url = :u AND COALESCE(flow, '') ="
                                + " COALESCE(:f, '') THEN last_result ELSE NULL END,"
                                + " name = :n, url = :u, flow = :f,"
                                + " flow_secret = COALESCE(:fs, flow_secret), interval_seconds = :i,"
                                + " enabled = :e, next_check_at = :now, updated_at = :now"
                                + " WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("n", spec.name())
                    .bind("u", spec.url())
                    .bind("f", spec.flow())
                    .bind("fs", spec.sealedFlowSecret())
                    .bind("i", spec.intervalSeconds())
                    .bind("e", spec.enabled() ? 1 : 0)
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute());
    return n == 1 ? find(scope, id) : Optional.empty();
  }

  private static void validate(Spec spec) {
    if (spec.name().isBlank() || spec.name().length() > 200) {
      throw new IllegalArgumentException("a monitor name is 1 to 200 characters");
    }
    if (!(spec.url().startsWith("https://") || spec.url().startsWith("http://"))
        || spec.url().length() > 2000) {
      throw new IllegalArgumentException("a monitor's url is an http(s) URL");
    }
    if (spec.intervalSeconds() < MIN_INTERVAL_SECONDS
        || spec.intervalSeconds() > MAX_INTERVAL_SECONDS) {
      throw new IllegalArgumentException(
          "interval_seconds is " + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS);
    }
    if (spec.flow() != null && spec.flow().length() > 256 * 1024) {
      throw new IllegalArgumentException("a flow is at most 256 KiB");
    }
  }

  public List<PageMonitor> list(TenantScope scope, @Nullable String site) {
    return db.withHandle(
        scope,
        h -> {
          var q =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM page_monitors WHERE "
                          + ScopeSql.clause(scope, "tenant_id")
                          + (site == null ? "" : " AND site_id = :site")
                          + " ORDER BY tenant_id, name, id"),
                  scope);
          if (site != null) {
            q.bind("site", site);
          }
          return q.map((rs, ctx) -> monitor(rs)).list();
        });
  }

  public Optional<PageMonitor> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM page_monitors WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> monitor(rs))
                .findOne());
  }

  public boolean delete(TenantScope scope, String id) {
    return db.inTransaction(
        scope,
        h -> {
          int n =
              ScopeSql.bind(
                      h.createUpdate(
                          "DELETE FROM page_monitors WHERE id = :id AND "
                              + ScopeSql.clause(scope, "tenant_id")),
                      scope)
                  .bind("id", id)
                  .execute();
          if (n == 1) {
            // Explicitly, as SQLite cascades only with foreign keys switched on.
            h.createUpdate("DELETE FROM page_scripts WHERE monitor_id = :id")
                .bind("id", id)
                .execute();
          }
          return n == 1;
        });
  }

  /**
   * The enabled monitors due at {@code now}, across tenants, oldest first; each is moved to its
   * next slot at once, so a second tick (or a second server) does not take it again.
   */
  public List<PageMonitor> takeDue(Instant now, int limit) {
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          List<PageMonitor> due =
              h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM page_monitors WHERE enabled = 1 AND next_check_at <= :now"
                          + " ORDER BY next_check_at LIMIT :limit")
                  .bind("now", now.toEpochMilli())
                  .bind("limit", limit)
                  .map((rs, ctx) -> monitor(rs))
                  .list();
          List<PageMonitor> taken = new java.util.ArrayList<>();
          for (PageMonitor m : due) {
            // Only the server whose update moved the slot has it; another one read it too late.
            int moved =
                h.createUpdate(
                        "UPDATE page_monitors SET next_check_at = :next WHERE id = :id"
                            + " AND next_check_at = :was")
                    .bind("next", now.toEpochMilli() + m.intervalSeconds() * 1000L)
                    .bind("id", m.id())
                    .bind("was", m.nextCheckAt().toEpochMilli())
                    .execute();
            if (moved == 1) {
              taken.add(m);
            }
          }
          return taken;
        });
  }

  /** Asks for a check as soon as the scheduler looks. Empty when not in scope. */
  public boolean checkNow(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE page_monitors SET next_check_at = :now WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** Puts a monitor that was due while its last check still ran back in line (system work). */
  public void dueAgain(String id, Instant at) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate("UPDATE page_monitors SET next_check_at = :at WHERE id = :id")
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute());
  }

  /** The sealed flow variables, for the scheduler only. */
  public Optional<String> flowSecret(String id) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT flow_secret FROM page_monitors WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
  }

  /**
   * A check's outcome; {@code baseline} is stored only when the monitor has none yet (the first
   * good check sets it).
   */
  public void recordCheck(
      String id, Instant at, String status, String result, @Nullable String baseline) {
    db.useHandle(
        Database.SYSTEM,
        h -> {
          h.createUpdate(
                  "UPDATE page_monitors SET last_check_at = :at, last_status = :s,"
                      + " last_result = :r WHERE id = :id")
              .bind("at", at.toEpochMilli())
              .bind("s", status)
              .bind("r", result)
              .bind("id", id)
              .execute();
          if (baseline != null) {
            h.createUpdate(
                    "UPDATE page_monitors SET baseline = :b, baseline_at = :at"
                        + " WHERE id = :id AND baseline IS NULL")
                .bind("b", baseline)
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute();
          }
        });
  }

  /** Makes {@code inventory} the monitor's baseline. Empty when not in scope. */
  public boolean setBaseline(TenantScope scope, String id, String inventory) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE page_monitors SET baseline = :b, baseline_at = :now,"
                                + " updated_at = :now WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("b", inventory)
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /**
   * Records the scripts a check saw: new ones as pending, known ones with a fresh last_seen.
   * Returns the scripts that were new.
   */
  public List<Seen> sawScripts(String tenant, String monitor, List<Seen> scripts, Instant at) {
    return db.inTransaction(
        TenantScope.of(tenant),
        h -> {
          List<Seen> fresh = new java.util.ArrayList<>();
          for (Seen s : scripts) {
            int updated =
                h.createUpdate(
                        "UPDATE page_scripts SET last_seen = :at"
                            + " WHERE monitor_id = :m AND script = :s AND hash = :h")
                    .bind("at", at.toEpochMilli())
                    .bind("m", monitor)
                    .bind("s", s.script())
                    .bind("h", s.hash())
                    .execute();
            if (updated == 0) {
              h.createUpdate(
                      "INSERT INTO page_scripts (monitor_id, tenant_id, script, hash, host,"
                          + " first_seen, last_seen, decision) VALUES (:m, :t, :s, :h, :host, :at,"
                          + " :at, :d)")
                  .bind("m", monitor)
                  .bind("t", tenant)
                  .bind("s", s.script())
                  .bind("h", s.hash())
                  .bind("host", s.host())
                  .bind("at", at.toEpochMilli())
                  .bind("d", PENDING)
                  .execute();
              fresh.add(s);
            }
          }
          return fresh;
        });
  }

  public List<PageScript> scripts(TenantScope scope, String monitor) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT * FROM page_scripts WHERE monitor_id = :m AND "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY decision DESC, last_seen DESC, script"),
                    scope)
                .bind("m", monitor)
                .map((rs, ctx) -> script(rs))
                .list());
  }

  /**
   * Authorizes or rejects one script version with a justification. False when the monitor, script
   * or hash is not there in scope.
   */
  public boolean decide(
      TenantScope scope,
      String monitor,
      String script,
      String hash,
      String decision,
      String justification,
      String by) {
    if (!List.of(APPROVED, REJECTED, PENDING).contains(decision)) {
      throw new IllegalArgumentException("decision is approved, rejected or pending");
    }
    if (justification.isBlank() && APPROVED.equals(decision)) {
      throw new IllegalArgumentException("an approval needs a justification (PCI DSS 6.4.3)");
    }
    if (justification.length() > 2000) {
      throw new IllegalArgumentException("a justification is at most 2000 characters");
    }
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE page_scripts SET decision = :d, justification = :j,"
                                + " decided_by = :by, decided_at = :now WHERE monitor_id = :m"
                                + " AND script = :s AND hash = :h AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("d", decision)
                    .bind("j", justification.strip())
                    .bind("by", by)
                    .bind("now", clock.millis())
                    .bind("m", monitor)
                    .bind("s", script)
                    .bind("h", hash)
                    .execute())
        == 1;
  }

  /** The site's host policy as JSON, or empty when none is set or the site is not in scope. */
  public Optional<String> sitePolicy(TenantScope scope, String site) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT storefront_policy FROM sites WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", site)
                .mapTo(String.class)
                .findOne());
  }

  public boolean setSitePolicy(TenantScope scope, String site, String policyJson) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE sites SET storefront_policy = :p, updated_at = :now"
                                + " WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("p", policyJson)
                    .bind("now", clock.millis())
                    .bind("id", site)
                    .execute())
        == 1;
  }

  private static PageMonitor monitor(ResultSet rs) throws SQLException {
    return new PageMonitor(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("site_id"),
        rs.getString("name"),
        rs.getString("url"),
        rs.getString("flow"),
        rs.getString("flow_secret") != null,
        rs.getInt("interval_seconds"),
        rs.getInt("enabled") == 1,
        rs.getString("baseline"),
        instant(rs, "baseline_at"),
        Instant.ofEpochMilli(rs.getLong("next_check_at")),
        instant(rs, "last_check_at"),
        rs.getString("last_status"),
        rs.getString("last_result"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  private static PageScript script(ResultSet rs) throws SQLException {
    return new PageScript(
        rs.getString("monitor_id"),
        rs.getString("tenant_id"),
        rs.getString("script"),
        rs.getString("hash"),
        rs.getString("host"),
        Instant.ofEpochMilli(rs.getLong("first_seen")),
        Instant.ofEpochMilli(rs.getLong("last_seen")),
        rs.getString("decision"),
        rs.getString("justification"),
        rs.getString("decided_by"),
        instant(rs, "decided_at"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
