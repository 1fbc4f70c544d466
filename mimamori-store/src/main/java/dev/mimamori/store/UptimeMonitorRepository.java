package dev.mimamori.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A site's uptime, TLS and DNS monitors and each one's last result. The check settings and the
 * result are JSON documents the server reads and writes (mimamori-uptime validates them); this
 * repository only keeps them, scoped like the rest.
 */
public final class UptimeMonitorRepository {
  /** Monitors per site: each one is a request every few seconds to the shop. */
  public static final int MAX_PER_SITE = 50;

  /**
   * A monitor.
   *
   * @param spec the check settings (JSON)
   */
  public record Monitor(
      String id, String tenant, String site, String url, String spec, Instant createdAt) {}

  /**
   * A monitor's last check.
   *
   * @param state UP, DOWN, FLAPPING or UNKNOWN
   * @param result the last result (JSON)
   */
  public record Status(String monitorId, String state, Instant checkedAt, String result) {}

  private static final String COLUMNS = "id, tenant_id, site_id, url, spec, created_at";

  private final Database db;
  private final Clock clock;

  UptimeMonitorRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Adds a monitor to a site of the scope; empty when the site is not in scope. */
  public Optional<Monitor> create(TenantScope scope, String siteId, String url, String spec) {
    return db.inTransaction(
        scope,
        h -> {
          Optional<String> tenant =
              ScopeSql.bind(
                      h.createQuery(
                          "SELECT tenant_id FROM sites WHERE id = :s AND "
                              + ScopeSql.clause(scope, "tenant_id")),
                      scope)
                  .bind("s", siteId)
                  .mapTo(String.class)
                  .findOne();
          if (tenant.isEmpty()) {
            return Optional.<Monitor>empty();
          }
          int count =
              h.createQuery("SELECT COUNT(*) FROM uptime_monitors WHERE site_id = :s")
                  .bind("s", siteId)
                  .mapTo(Integer.class)
                  .one();
          if (count >= MAX_PER_SITE) {
            throw new IllegalArgumentException(
                "a site has at most " + MAX_PER_SITE + " uptime monitors");
          }
          Monitor m =
              new Monitor(
                  UUID.randomUUID().toString(),
                  tenant.get(),
                  siteId,
                  url,
                  spec,
                  Instant.ofEpochMilli(clock.millis()));
          h.createUpdate(
                  "INSERT INTO uptime_monitors (id, tenant_id, site_id, url, spec, created_at,"
                      + " updated_at) VALUES (:id, :t, :s, :u, :spec, :now, :now)")
              .bind("id", m.id())
              .bind("t", m.tenant())
              .bind("s", siteId)
              .bind("u", url)
              .bind("spec", spec)
              .bind("now", m.createdAt().toEpochMilli())
              .execute();
          return Optional.of(m);
        });
  }

  /** The monitors in scope, of one site when {@code siteId} is given. */
  public List<Monitor> list(TenantScope scope, @Nullable String siteId) {
    return db.withHandle(
        scope,
        h -> {
          var q =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM uptime_monitors WHERE "
                          + ScopeSql.clause(scope, "tenant_id")
                          + (siteId == null ? "" : " AND site_id = :s")
                          + " ORDER BY tenant_id, site_id, url, id"),
                  scope);
          if (siteId != null) {
            q.bind("s", siteId);
          }
          return q.map((rs, ctx) -> monitor(rs)).list();
        });
  }

  /** Every monitor of every tenant: what the scheduler runs. */
  public List<Monitor> all() {
    return list(Database.SYSTEM, null);
  }

  public Optional<Monitor> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM uptime_monitors WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> monitor(rs))
                .findOne());
  }

  /** Replaces a monitor's URL and settings; false when not in scope. */
  public boolean update(TenantScope scope, String id, String url, String spec) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE uptime_monitors SET url = :u, spec = :spec, updated_at = :now"
                                + " WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("u", url)
                    .bind("spec", spec)
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  public boolean delete(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "DELETE FROM uptime_monitors WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** Keeps a monitor's last result (system work: the scheduler writes for every tenant). */
  public void saveStatus(String monitorId, String state, Instant checkedAt, String result) {
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          Optional<String> tenant =
              h.createQuery("SELECT tenant_id FROM uptime_monitors WHERE id = :id")
                  .bind("id", monitorId)
                  .mapTo(String.class)
                  .findOne();
          if (tenant.isEmpty()) {
            return; // deleted while its check ran
          }
          int n =
              h.createUpdate(
                      "UPDATE uptime_status SET state = :st, checked_at = :at, result = :r"
                          + " WHERE monitor_id = :id")
                  .bind("st", state)
                  .bind("at", checkedAt.toEpochMilli())
                  .bind("r", result)
                  .bind("id", monitorId)
                  .execute();
          if (n == 0) {
            h.createUpdate(
                    "INSERT INTO uptime_status (monitor_id, tenant_id, state, checked_at, result)"
                        + " VALUES (:id, :t, :st, :at, :r)")
                .bind("id", monitorId)
                .bind("t", tenant.get())
                .bind("st", state)
                .bind("at", checkedAt.toEpochMilli())
                .bind("r", result)
                .execute();
          }
        });
  }

  /** The last results of the monitors in scope. */
  public List<Status> statuses(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT monitor_id, state, checked_at, result FROM uptime_status WHERE "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .map(
                    (rs, ctx) ->
                        new Status(
                            rs.getString("monitor_id"),
                            rs.getString("state"),
                            Instant.ofEpochMilli(rs.getLong("checked_at")),
                            rs.getString("result")))
                .list());
  }

  private static Monitor monitor(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Monitor(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("site_id"),
        rs.getString("url"),
        rs.getString("spec"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
