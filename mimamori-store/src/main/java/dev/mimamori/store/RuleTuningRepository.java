package dev.mimamori.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Rule tuning: rules switched on or off per tenant (and by default), and exceptions. Every read and
 * write of a tenant's tuning takes a {@link TenantScope}; the defaults and the exceptions for every
 * tenant are written only with a scope of all tenants.
 */
public final class RuleTuningRepository {
  /** Exceptions' matches. */
  public static final Set<String> MATCHES = Set.of("equals", "cidr");

  public static final int MAX_REASON = 1000;

  private static final String EXCEPTION_COLUMNS =
      "id, tenant_id, rule_id, field, match_kind, value, expires_at, reason, created_by,"
          + " created_at";

  private final Database db;
  private final Clock clock;

  RuleTuningRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Switches a rule on or off for a tenant, or by default for every tenant ({@code tenant} null,
   * which needs a scope of all tenants).
   *
   * @return the setting as stored, or empty when the scope may not change that tenant's rules
   * @throws IllegalArgumentException for an unknown tenant or a blank or overlong rule id
   */
  public Optional<RuleSetting> setEnabled(
      TenantScope scope, @Nullable String tenant, String ruleId, boolean enabled, String by) {
    if (tenant == null ? !scope.all() : !scope.allows(tenant)) {
      return Optional.empty();
    }
    checkRuleId(ruleId);
    RuleSetting s = new RuleSetting(tenant, ruleId, enabled, by, now());
    db.useTransaction(
        scope,
        h -> {
          if (tenant == null) {
            h.createUpdate(
                    "INSERT INTO rule_default_settings (rule_id, enabled, updated_by, updated_at)"
                        + " VALUES (:r, :e, :by, :at) ON CONFLICT (rule_id) DO UPDATE SET"
                        + " enabled = excluded.enabled, updated_by = excluded.updated_by,"
                        + " updated_at = excluded.updated_at")
                .bind("r", ruleId)
                .bind("e", enabled ? 1 : 0)
                .bind("by", by)
                .bind("at", s.updatedAt().toEpochMilli())
                .execute();
            return;
          }
          requireTenant(h, tenant);
          h.createUpdate(
                  "INSERT INTO rule_tenant_settings (tenant_id, rule_id, enabled, updated_by,"
                      + " updated_at) VALUES (:t, :r, :e, :by, :at) ON CONFLICT (tenant_id,"
                      + " rule_id) DO UPDATE SET enabled = excluded.enabled, updated_by ="
                      + " excluded.updated_by, updated_at = excluded.updated_at")
              .bind("t", tenant)
              .bind("r", ruleId)
              .bind("e", enabled ? 1 : 0)
              .bind("by", by)
              .bind("at", s.updatedAt().toEpochMilli())
              .execute();
        });
    return Optional.of(s);
  }

  /** The tenants' own settings the scope may see. */
  public List<RuleSetting> settings(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT tenant_id, rule_id, enabled, updated_by, updated_at FROM"
                            + " rule_tenant_settings WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY tenant_id, rule_id"),
                    scope)
                .map((rs, ctx) -> setting(rs, rs.getString("tenant_id")))
                .list());
  }

  /** The defaults for every tenant (the operator's, not any customer's data). */
  public List<RuleSetting> defaults() {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT rule_id, enabled, updated_by, updated_at FROM rule_default_settings"
                        + " ORDER BY rule_id")
                .map((rs, ctx) -> setting(rs, null))
                .list());
  }

  /**
   * What a new exception says; {@code tenant} null covers every tenant.
   *
   * @param match {@code equals} or {@code cidr} (the network is checked by the caller, who knows
   *     how the detector parses it)
   */
  public record NewException(
      @Nullable String tenant,
      String ruleId,
      String field,
      String match,
      String value,
      Instant expiresAt,
      String reason,
      String createdBy) {}

  /**
   * Stores an exception.
   *
   * @return it, or empty when the scope may not make exceptions for its tenant (every tenant needs
   *     a scope of all tenants)
   * @throws IllegalArgumentException for a missing reason, an unknown match, a blank value, or an
   *     unknown tenant
   */
  public Optional<RuleExceptionEntry> addException(TenantScope scope, NewException e) {
    if (e.tenant() == null ? !scope.all() : !scope.allows(e.tenant())) {
      return Optional.empty();
    }
    checkRuleId(e.ruleId());
    String reason = e.reason().strip();
    if (reason.isEmpty() || reason.length() > MAX_REASON) {
      throw new IllegalArgumentException(
          "a reason of 1 to " + MAX_REASON + " characters is required");
    }
    if (!MATCHES.contains(e.match())) {
      throw new IllegalArgumentException("match must be 'equals' or 'cidr'");
    }
    if (e.field().isBlank() || e.value().isEmpty()) {
      throw new IllegalArgumentException("a field and a value are required");
    }
    RuleExceptionEntry entry =
        new RuleExceptionEntry(
            UUID.randomUUID().toString(),
            e.tenant(),
            e.ruleId(),
            e.field(),
            e.match(),
            e.value(),
            Instant.ofEpochMilli(e.expiresAt().toEpochMilli()),
            reason,
            e.createdBy(),
            now());
    db.useTransaction(
        scope,
        h -> {
          if (entry.tenant() != null) {
            requireTenant(h, entry.tenant());
          }
          h.createUpdate(
                  "INSERT INTO rule_exceptions ("
                      + EXCEPTION_COLUMNS
                      + ") VALUES (:id, :t, :r, :f, :m, :v, :exp, :reason, :by, :at)")
              .bind("id", entry.id())
              .bind("t", entry.tenant())
              .bind("r", entry.ruleId())
              .bind("f", entry.field())
              .bind("m", entry.match())
              .bind("v", entry.value())
              .bind("exp", entry.expiresAt().toEpochMilli())
              .bind("reason", entry.reason())
              .bind("by", entry.createdBy())
              .bind("at", entry.createdAt().toEpochMilli())
              .execute();
        });
    return Optional.of(entry);
  }

  /**
   * The exceptions that apply to the scope's tenants: their own and those for every tenant, newest
   * first, expired ones included.
   */
  public List<RuleExceptionEntry> exceptions(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + EXCEPTION_COLUMNS
                            + " FROM rule_exceptions WHERE "
                            + visible(scope)
                            + " ORDER BY created_at DESC, id"),
                    scope)
                .map((rs, ctx) -> exception(rs))
                .list());
  }

  /** One exception, if the scope may see it. */
  public Optional<RuleExceptionEntry> exception(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                            "SELECT "
                                + EXCEPTION_COLUMNS
                                + " FROM rule_exceptions WHERE id = :id AND "
                                + visible(scope))
                        .bind("id", id),
                    scope)
                .map((rs, ctx) -> exception(rs))
                .findOne());
  }

  /**
   * Deletes an exception of the scope's tenants; one for every tenant only with a scope of all
   * tenants.
   *
   * @return whether it was deleted
   */
  public boolean deleteException(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                                "DELETE FROM rule_exceptions WHERE id = :id AND "
                                    + ScopeSql.clause(scope, "tenant_id"))
                            .bind("id", id),
                        scope)
                    .execute())
        > 0;
  }

  /** A tenant's own exceptions, and those of every tenant, which apply to it too. */
  private static String visible(TenantScope scope) {
    return scope.all() ? "1 = 1" : "(tenant_id IN (<scope_tenants>) OR tenant_id IS NULL)";
  }

  private static void checkRuleId(String ruleId) {
    if (ruleId.isBlank() || ruleId.length() > 256) {
      throw new IllegalArgumentException("a rule id of 1 to 256 characters is required");
    }
  }

  private static void requireTenant(Handle h, String tenant) {
    int n =
        h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :t")
            .bind("t", tenant)
            .mapTo(Integer.class)
            .one();
    if (n == 0) {
      throw new IllegalArgumentException("no tenant '" + tenant + "'");
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static RuleSetting setting(ResultSet rs, @Nullable String tenant) throws SQLException {
    return new RuleSetting(
        tenant,
        rs.getString("rule_id"),
        rs.getInt("enabled") != 0,
        rs.getString("updated_by"),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static RuleExceptionEntry exception(ResultSet rs) throws SQLException {
    return new RuleExceptionEntry(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("rule_id"),
        rs.getString("field"),
        rs.getString("match_kind"),
        rs.getString("value"),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        rs.getString("reason"),
        rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
