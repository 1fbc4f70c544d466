package dev.mimamori.store;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryJson;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.inventory.Component;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Advisories (global), what each site runs, findings already seen and accepted risks (per tenant,
 * scoped like the rest: a scope without the site's tenant reads and writes nothing).
 */
public final class VulnRepository {
  /** A component a site runs, with the site and its tenant. */
  public record SiteComponent(String tenant, String siteId, Component component) {}

  /** A finding a tenant accepts until {@code expiresAt}, with the reason. */
  public record AcceptedRisk(
      String id,
      String tenant,
      String siteId,
      String advisoryId,
      String reason,
      Instant expiresAt,
      @Nullable String createdBy,
      Instant createdAt) {}

  /** A finding's identity: which advisory on which component of which site. */
  public record FindingKey(String siteId, String advisoryId, PackageRef pkg, String version) {}

  static final int MAX_COMPONENTS = 20_000;

  private final Database db;
  private final Clock clock;

  VulnRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Stores records, replacing earlier ones of the same source and id; returns how many. */
  public int importAdvisories(List<Advisory> advisories) {
    long now = clock.millis();
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          for (Advisory a : advisories) {
            String source = a.source().name();
            h.createUpdate("DELETE FROM vuln_advisories WHERE source = :s AND id = :id")
                .bind("s", source)
                .bind("id", a.id())
                .execute();
            h.createUpdate("DELETE FROM vuln_advisory_aliases WHERE source = :s AND id = :id")
                .bind("s", source)
                .bind("id", a.id())
                .execute();
            h.createUpdate(
                    "INSERT INTO vuln_advisories (source, id, document, imported_at)"
                        + " VALUES (:s, :id, :d, :now)")
                .bind("s", source)
                .bind("id", a.id())
                .bind("d", AdvisoryJson.write(a))
                .bind("now", now)
                .execute();
            for (String alias : new java.util.LinkedHashSet<>(a.ids())) {
              h.createUpdate(
                      "INSERT INTO vuln_advisory_aliases (alias, source, id) VALUES (:a, :s, :id)")
                  .bind("a", alias)
                  .bind("s", source)
                  .bind("id", a.id())
                  .execute();
            }
          }
        });
    return advisories.size();
  }

  /**
   * Every stored record; one that no longer reads goes to {@code problems}, never stops the rest.
   */
  public List<Advisory> advisories(Consumer<String> problems) {
    List<String[]> rows =
        db.withHandle(
            Database.SYSTEM,
            h ->
                h.createQuery(
                        "SELECT source, id, document FROM vuln_advisories ORDER BY source, id")
                    .map(
                        (rs, ctx) ->
                            new String[] {
                              rs.getString("source"), rs.getString("id"), rs.getString("document")
                            })
                    .list());
    List<Advisory> out = new ArrayList<>();
    for (String[] r : rows) {
      try {
        out.add(AdvisoryJson.read(r[2]));
      } catch (RuntimeException e) {
        problems.accept(r[0] + " " + r[1] + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** Changes whenever an import changes the advisories: their number and the last import time. */
  public String advisoryStamp() {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT COUNT(*) || ':' || COALESCE(MAX(imported_at), 0) FROM vuln_advisories")
                .mapTo(String.class)
                .one());
  }

  /** Replaces what a site runs. False when the site is not in scope (nothing is written then). */
  public boolean replaceSoftware(TenantScope scope, String siteId, List<Component> components) {
    if (components.size() > MAX_COMPONENTS) {
      throw new IllegalArgumentException("at most " + MAX_COMPONENTS + " components per site");
    }
    long now = clock.millis();
    return db.inTransaction(
        scope,
        h -> {
          Optional<String> tenant =
              ScopeSql.bind(
                      h.createQuery(
                          "SELECT tenant_id FROM sites WHERE id = :id AND "
                              + ScopeSql.clause(scope, "tenant_id")),
                      scope)
                  .bind("id", siteId)
                  .mapTo(String.class)
                  .findOne();
          if (tenant.isEmpty()) {
            return false;
          }
          h.createUpdate("DELETE FROM site_software WHERE site_id = :id AND tenant_id = :t")
              .bind("id", siteId)
              .bind("t", tenant.get())
              .execute();
          for (Component c : new java.util.LinkedHashSet<>(components)) {
            h.createUpdate(
                    "INSERT INTO site_software (tenant_id, site_id, ecosystem, name, version,"
                        + " found_in, reported_at) VALUES (:t, :s, :e, :n, :v, :f, :now)")
                .bind("t", tenant.get())
                .bind("s", siteId)
                .bind("e", c.pkg().ecosystem())
                .bind("n", c.pkg().name())
                .bind("v", c.version())
                .bind("f", c.foundIn())
                .bind("now", now)
                .execute();
          }
          return true;
        });
  }

  /** What the scope's sites run. */
  public List<SiteComponent> software(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT tenant_id, site_id, ecosystem, name, version, found_in"
                            + " FROM site_software WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY tenant_id, site_id, ecosystem, name, version"),
                    scope)
                .map(
                    (rs, ctx) ->
                        new SiteComponent(
                            rs.getString("tenant_id"),
                            rs.getString("site_id"),
                            new Component(
                                new PackageRef(rs.getString("ecosystem"), rs.getString("name")),
                                rs.getString("version"),
                                rs.getString("found_in"))))
                .list());
  }

  /**
   * Records findings as seen and returns those not seen before (each raises one alert). Findings of
   * sites outside the scope are ignored.
   */
  public List<FindingKey> markSeen(TenantScope scope, String tenant, List<FindingKey> findings) {
    if (!scope.allows(tenant)) {
      return List.of();
    }
    long now = clock.millis();
    return db.inTransaction(
        scope,
        h -> {
          List<FindingKey> fresh = new ArrayList<>();
          for (FindingKey f : findings) {
            // One statement: two callers at once (an upload and the ticker) cannot both insert.
            int inserted =
                h.createUpdate(
                        "INSERT INTO vuln_findings (tenant_id, site_id, advisory_id, ecosystem, name,"
                            + " version, first_seen) VALUES (:t, :s, :a, :e, :n, :v, :now)"
                            + " ON CONFLICT (site_id, advisory_id, ecosystem, name, version)"
                            + " DO NOTHING")
                    .bind("t", tenant)
                    .bind("s", f.siteId())
                    .bind("a", f.advisoryId())
                    .bind("e", f.pkg().ecosystem())
                    .bind("n", f.pkg().name())
                    .bind("v", f.version())
                    .bind("now", now)
                    .execute();
            if (inserted == 1) {
              fresh.add(f);
            }
          }
          return fresh;
        });
  }

  /** Accepts a finding's risk until {@code expiresAt}; empty when the site is not in scope. */
  public Optional<AcceptedRisk> acceptRisk(
      TenantScope scope,
      String siteId,
      String advisoryId,
      String reason,
      Instant expiresAt,
      @Nullable String by) {
    if (reason.isBlank() || reason.length() > 2000) {
      throw new IllegalArgumentException("a reason is 1 to 2000 characters");
    }
    if (advisoryId.isBlank() || advisoryId.length() > 100) {
      throw new IllegalArgumentException("an advisory id is 1 to 100 characters");
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("the expiry must be in the future");
    }
    return db.inTransaction(
        scope,
        h -> {
          Optional<String> tenant =
              ScopeSql.bind(
                      h.createQuery(
                          "SELECT tenant_id FROM sites WHERE id = :id AND "
                              + ScopeSql.clause(scope, "tenant_id")),
                      scope)
                  .bind("id", siteId)
                  .mapTo(String.class)
                  .findOne();
          if (tenant.isEmpty()) {
            return Optional.<AcceptedRisk>empty();
          }
          AcceptedRisk r =
              new AcceptedRisk(
                  UUID.randomUUID().toString(),
                  tenant.get(),
                  siteId,
                  advisoryId.strip(),
                  reason.strip(),
                  expiresAt,
                  by,
                  now);
          h.createUpdate(
                  "INSERT INTO vuln_accepted_risks (id, tenant_id, site_id, advisory_id, reason,"
                      + " expires_at, created_by, created_at) VALUES (:id, :t, :s, :a, :r, :x, :b,"
                      + " :now)")
              .bind("id", r.id())
              .bind("t", r.tenant())
              .bind("s", siteId)
              .bind("a", r.advisoryId())
              .bind("r", r.reason())
              .bind("x", expiresAt.toEpochMilli())
              .bind("b", by)
              .bind("now", now.toEpochMilli())
              .execute();
          return Optional.of(r);
        });
  }

  /** The scope's accepted risks, expired ones included (a finding checks the expiry). */
  public List<AcceptedRisk> risks(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, site_id, advisory_id, reason, expires_at,"
                            + " created_by, created_at FROM vuln_accepted_risks WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at"),
                    scope)
                .map(
                    (rs, ctx) ->
                        new AcceptedRisk(
                            rs.getString("id"),
                            rs.getString("tenant_id"),
                            rs.getString("site_id"),
                            rs.getString("advisory_id"),
                            rs.getString("reason"),
                            Instant.ofEpochMilli(rs.getLong("expires_at")),
                            rs.getString("created_by"),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list());
  }

  public boolean deleteRisk(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "DELETE FROM vuln_accepted_risks WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("id", id)
                    .execute())
        == 1;
  }
}
