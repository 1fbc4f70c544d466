package dev.mimamori.store;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Agents, their enrollment tokens and the configuration of each site's agents. A token is {@code
 * mme_} and 32 random bytes; only its SHA-256 is stored. An agent is known by the SHA-256 of the
 * client certificate it was issued; its tenant and site are this table's, never what it sends.
 */
public final class AgentRepository {
  /** The prefix every enrollment token starts with. */
  public static final String TOKEN_PREFIX = "mme_";

  /** How long a token is valid when nothing else is asked. */
  public static final Duration DEFAULT_TOKEN_LIFE = Duration.ofHours(24);

  /** The longest life a token may be given. */
  public static final Duration MAX_TOKEN_LIFE = Duration.ofDays(30);

  /** An enrollment token as stored (its secret is not). */
  public record Token(
      String id,
      String tenant,
      String site,
      String createdBy,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Instant usedAt,
      @Nullable String agentId) {}

  /** A new token: the secret is shown once, never stored. */
  public record IssuedToken(Token token, String secret) {}

  /**
   * An enrolled agent.
   *
   * @param ackedSeq the highest record sequence number stored for it
   * @param health its last heartbeat (JSON), or null before the first
   */
  public record Agent(
      String id,
      String tenant,
      String site,
      String name,
      String certSha256,
      Instant certNotAfter,
      Instant enrolledAt,
      @Nullable Instant revokedAt,
      long ackedSeq,
      @Nullable Instant lastSeenAt,
      @Nullable String version,
      @Nullable Integer protocol,
      @Nullable Long configVersion,
      @Nullable String health,
      boolean silentAlerted) {
    public boolean revoked() {
      return revokedAt != null;
    }
  }

  /** A site's agent configuration (JSON) and its version. */
  public record Config(
      String site, String tenant, long version, String config, Instant updatedAt) {}

  /** Why a token was not taken. */
  public enum Refusal {
    UNKNOWN,
    USED,
    EXPIRED
  }

  /** What redeeming a token gave: an agent, or why not. */
  public record Redeemed(@Nullable Agent agent, @Nullable Refusal refusal, @Nullable Token token) {}

  private static final String TOKEN_COLUMNS =
      "id, tenant_id, site_id, created_by, created_at, expires_at, used_at, agent_id";
  private static final String AGENT_COLUMNS =
      "id, tenant_id, site_id, name, cert_sha256, cert_not_after, enrolled_at, revoked_at,"
          + " acked_seq, last_seen_at, version, protocol, config_version, health, silent_alerted";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AgentRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Issues a token for a site of the scope.
   *
   * @return empty when the site is not in scope
   */
  public Optional<IssuedToken> issueToken(
      TenantScope scope, String siteId, String createdBy, Duration life) {
    if (life.isNegative() || life.isZero() || life.compareTo(MAX_TOKEN_LIFE) > 0) {
      throw new IllegalArgumentException("a token lives between one second and 30 days");
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long now = clock.millis();
    return db.inTransaction(
        scope,
        h -> {
          Optional<String> tenant = siteTenant(h, scope, siteId);
          if (tenant.isEmpty()) {
            return Optional.<IssuedToken>empty();
          }
          Token t =
              new Token(
                  UUID.randomUUID().toString(),
                  tenant.get(),
                  siteId,
                  createdBy,
                  Instant.ofEpochMilli(now),
                  Instant.ofEpochMilli(now + life.toMillis()),
                  null,
                  null);
          h.createUpdate(
                  "INSERT INTO agent_enrollment_tokens (id, tenant_id, site_id, token_hash,"
                      + " created_by, created_at, expires_at) VALUES (:id, :t, :s, :h, :by, :now,"
                      + " :exp)")
              .bind("id", t.id())
              .bind("t", t.tenant())
              .bind("s", siteId)
              .bind("h", UserRepository.digest(secret))
              .bind("by", createdBy)
              .bind("now", now)
              .bind("exp", t.expiresAt().toEpochMilli())
              .execute();
          return Optional.of(new IssuedToken(t, secret));
        });
  }

  private static Optional<String> siteTenant(
      org.jdbi.v3.core.Handle h, TenantScope scope, String siteId) {
    return ScopeSql.bind(
            h.createQuery(
                "SELECT tenant_id FROM sites WHERE id = :s AND "
                    + ScopeSql.clause(scope, "tenant_id")),
            scope)
        .bind("s", siteId)
        .mapTo(String.class)
        .findOne();
  }

  /** The tokens of the scope, newest first. */
  public List<Token> tokens(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + TOKEN_COLUMNS
                            + " FROM agent_enrollment_tokens WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at DESC, id LIMIT 500"),
                    scope)
                .map((rs, ctx) -> token(rs))
                .list());
  }

  /**
   * Takes a token once: when it is known, unused and unexpired, it is marked used and the agent is
   * created in the same transaction (two agents racing with one token: one wins).
   *
   * @param certSha256 the fingerprint of the certificate issued to the agent
   */
  public Redeemed redeem(
      String secret,
      String agentId,
      String name,
      String keySha256,
      String certSha256,
      Instant certNotAfter) {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
      return new Redeemed(null, Refusal.UNKNOWN, null);
    }
    long now = clock.millis();
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          Optional<Token> found =
              h.createQuery(
                      "SELECT "
                          + TOKEN_COLUMNS
                          + " FROM agent_enrollment_tokens WHERE token_hash = :h")
                  .bind("h", UserRepository.digest(secret))
                  .map((rs, ctx) -> token(rs))
                  .findOne();
          if (found.isEmpty()) {
            return new Redeemed(null, Refusal.UNKNOWN, null);
          }
          Token t = found.get();
          if (t.usedAt() != null) {
            // The same key again: the agent crashed before it kept its certificate. It gets its
            // own agent back with the new certificate; anyone else is refused.
            Optional<Agent> same =
                h.createQuery(
                        "SELECT "
                            + AGENT_COLUMNS
                            + " FROM agents WHERE id = :id AND key_sha256 = :k AND revoked_at IS"
                            + " NULL")
                    .bind("id", t.agentId())
                    .bind("k", keySha256)
                    .map((rs, ctx) -> agent(rs))
                    .findOne();
            if (same.isEmpty()) {
              return new Redeemed(null, Refusal.USED, t);
            }
            h.createUpdate(
                    "UPDATE agents SET cert_sha256 = :c, cert_not_after = :na WHERE id = :id")
                .bind("c", certSha256)
                .bind("na", certNotAfter.toEpochMilli())
                .bind("id", same.get().id())
                .execute();
            return new Redeemed(
                h.createQuery("SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = :id")
                    .bind("id", same.get().id())
                    .map((rs, ctx) -> agent(rs))
                    .one(),
                null,
                t);
          }
          if (t.expiresAt().toEpochMilli() <= now) {
            return new Redeemed(null, Refusal.EXPIRED, t);
          }
          int taken =
              h.createUpdate(
                      "UPDATE agent_enrollment_tokens SET used_at = :now, agent_id = :a"
                          + " WHERE id = :id AND used_at IS NULL")
                  .bind("now", now)
                  .bind("a", agentId)
                  .bind("id", t.id())
                  .execute();
          if (taken != 1) {
            return new Redeemed(null, Refusal.USED, t);
          }
          h.createUpdate(
                  "INSERT INTO agents (id, tenant_id, site_id, name, cert_sha256, key_sha256,"
                      + " cert_not_after, enrolled_at) VALUES (:id, :t, :s, :n, :c, :k, :na, :now)")
              .bind("id", agentId)
              .bind("t", t.tenant())
              .bind("s", t.site())
              .bind("n", clip(name, 200))
              .bind("c", certSha256)
              .bind("k", keySha256)
              .bind("na", certNotAfter.toEpochMilli())
              .bind("now", now)
              .execute();
          Agent a =
              h.createQuery("SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = :id")
                  .bind("id", agentId)
                  .map((rs, ctx) -> agent(rs))
                  .one();
          return new Redeemed(a, null, t);
        });
  }

  /** Records the certificate an agent was issued anew (its enrollment asked again). */
  public void replaceCertificate(String agentId, String certSha256, Instant certNotAfter) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "UPDATE agents SET cert_sha256 = :c, cert_not_after = :na WHERE id = :id")
                .bind("c", certSha256)
                .bind("na", certNotAfter.toEpochMilli())
                .bind("id", agentId)
                .execute());
  }

  /** The agent a certificate was issued to, revoked or not. */
  public Optional<Agent> byCertificate(String certSha256) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT " + AGENT_COLUMNS + " FROM agents WHERE cert_sha256 = :c")
                .bind("c", certSha256)
                .map((rs, ctx) -> agent(rs))
                .findOne());
  }

  /** The agents of the scope, by site and name; those of one site when {@code siteId} is given. */
  public List<Agent> list(TenantScope scope, @Nullable String siteId) {
    return db.withHandle(
        scope,
        h -> {
          var q =
              h.createQuery(
                  "SELECT "
                      + AGENT_COLUMNS
                      + " FROM agents WHERE "
                      + ScopeSql.clause(scope, "tenant_id")
                      + (siteId == null ? "" : " AND site_id = :s")
                      + " ORDER BY site_id, name, id LIMIT 2000");
          if (siteId != null) {
            q.bind("s", siteId);
          }
          return ScopeSql.bind(q, scope).map((rs, ctx) -> agent(rs)).list();
        });
  }

  /** One agent of the scope. */
  public Optional<Agent> get(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                            "SELECT "
                                + AGENT_COLUMNS
                                + " FROM agents WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id"))
                        .bind("id", id),
                    scope)
                .map((rs, ctx) -> agent(rs))
                .findOne());
  }

  /**
   * Revokes an agent of the scope: its certificate is refused from the next request on. A second
   * revocation keeps the first time.
   */
  public Optional<Agent> revoke(TenantScope scope, String id) {
    long now = clock.millis();
    db.useHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createUpdate(
                            "UPDATE agents SET revoked_at = :now WHERE id = :id AND revoked_at IS"
                                + " NULL AND "
                                + ScopeSql.clause(scope, "tenant_id"))
                        .bind("now", now)
                        .bind("id", id),
                    scope)
                .execute());
    return get(scope, id);
  }

  /** Records a heartbeat; the agent is no longer silent. */
  public void heartbeat(
      String agentId, String version, int protocol, long configVersion, String health) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "UPDATE agents SET last_seen_at = :now, version = :v, protocol = :p,"
                        + " config_version = :cv, health = :h, silent_alerted = 0 WHERE id = :id")
                .bind("now", clock.millis())
                .bind("v", clip(version, 64))
                .bind("p", protocol)
                .bind("cv", configVersion)
                .bind("h", health)
                .bind("id", agentId)
                .execute());
  }

  /** Any authenticated request shows the agent is alive. */
  public void seen(String agentId) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "UPDATE agents SET last_seen_at = :now, silent_alerted = 0 WHERE id = :id")
                .bind("now", clock.millis())
                .bind("id", agentId)
                .execute());
  }

  /** Moves the agent's stored-through sequence number forward (never back). */
  public void advanceAck(String agentId, long seq) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate("UPDATE agents SET acked_seq = :s WHERE id = :id AND acked_seq < :s")
                .bind("s", seq)
                .bind("id", agentId)
                .execute());
  }

  /** A token as it is now, if the secret names one (nothing is changed). */
  public Optional<Token> token(String secret) {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT "
                        + TOKEN_COLUMNS
                        + " FROM agent_enrollment_tokens WHERE token_hash = :h")
                .bind("h", UserRepository.digest(secret))
                .map((rs, ctx) -> token(rs))
                .findOne());
  }

  /**
   * The buffer an agent's sequence numbers count in. A new one (the agent lost its buffer) starts
   * the numbering over: {@code acked_seq} goes back to 0 (file positions still keep out doubles).
   *
   * @return true when the numbering was started over
   */
  public boolean useBuffer(String agentId, String bufferId) {
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          String current =
              h.createQuery("SELECT buffer_id FROM agents WHERE id = :id")
                  .bind("id", agentId)
                  .mapTo(String.class)
                  .findOne()
                  .orElse(null);
          if (bufferId.equals(current)) {
            return false;
          }
          h.createUpdate(
                  "UPDATE agents SET buffer_id = :b, acked_seq = CASE WHEN buffer_id IS NULL"
                      + " THEN acked_seq ELSE 0 END WHERE id = :id")
              .bind("b", bufferId)
              .bind("id", agentId)
              .execute();
          return current != null;
        });
  }

  /** The stored-through sequence number of an agent. */
  public long ackedSeq(String agentId) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT acked_seq FROM agents WHERE id = :id")
                .bind("id", agentId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  /**
   * Agents not revoked whose last sign of life is older than {@code cutoff} and that were not
   * reported silent yet: for the silence alert.
   */
  public List<Agent> silentSince(Instant cutoff) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT "
                        + AGENT_COLUMNS
                        + " FROM agents WHERE revoked_at IS NULL AND silent_alerted = 0"
                        + " AND COALESCE(last_seen_at, enrolled_at) < :c")
                .bind("c", cutoff.toEpochMilli())
                .map((rs, ctx) -> agent(rs))
                .list());
  }

  /** Marks an agent as reported silent, so the alert is raised once per silence. */
  public void markSilent(String agentId) {
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate("UPDATE agents SET silent_alerted = 1 WHERE id = :id")
                .bind("id", agentId)
                .execute());
  }

  /** The configuration of a site's agents, if one was set. */
  public Optional<Config> config(TenantScope scope, String siteId) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                            "SELECT site_id, tenant_id, version, config, updated_at FROM"
                                + " agent_configs WHERE site_id = :s AND "
                                + ScopeSql.clause(scope, "tenant_id"))
                        .bind("s", siteId),
                    scope)
                .map(
                    (rs, ctx) ->
                        new Config(
                            rs.getString("site_id"),
                            rs.getString("tenant_id"),
                            rs.getLong("version"),
                            rs.getString("config"),
                            Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .findOne());
  }

  /** The configuration an agent pulls: its site's. */
  public Optional<Config> configFor(Agent agent) {
    return config(TenantScope.of(agent.tenant()), agent.site());
  }

  /**
   * Sets a site's agent configuration; its version goes up by one.
   *
   * @return the stored configuration, or empty when the site is not in scope
   */
  public Optional<Config> putConfig(TenantScope scope, String siteId, String json, String by) {
    long now = clock.millis();
    return db.inTransaction(
        scope,
        h -> {
          Optional<String> tenant = siteTenant(h, scope, siteId);
          if (tenant.isEmpty()) {
            return Optional.<Config>empty();
          }
          long version =
              h.createQuery("SELECT version FROM agent_configs WHERE site_id = :s")
                      .bind("s", siteId)
                      .mapTo(Long.class)
                      .findOne()
                      .orElse(0L)
                  + 1;
          int n =
              h.createUpdate(
                      "UPDATE agent_configs SET version = :v, config = :c, updated_by = :by,"
                          + " updated_at = :now WHERE site_id = :s")
                  .bind("v", version)
                  .bind("c", json)
                  .bind("by", by)
                  .bind("now", now)
                  .bind("s", siteId)
                  .execute();
          if (n == 0) {
            h.createUpdate(
                    "INSERT INTO agent_configs (site_id, tenant_id, version, config, updated_by,"
                        + " updated_at) VALUES (:s, :t, :v, :c, :by, :now)")
                .bind("s", siteId)
                .bind("t", tenant.get())
                .bind("v", version)
                .bind("c", json)
                .bind("by", by)
                .bind("now", now)
                .execute();
          }
          return Optional.of(
              new Config(siteId, tenant.get(), version, json, Instant.ofEpochMilli(now)));
        });
  }

  private static Token token(ResultSet rs) throws SQLException {
    return new Token(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("site_id"),
        rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        instant(rs, "used_at"),
        rs.getString("agent_id"));
  }

  private static Agent agent(ResultSet rs) throws SQLException {
    long cv = rs.getLong("config_version");
    Long configVersion = rs.wasNull() ? null : cv;
    int p = rs.getInt("protocol");
    Integer protocol = rs.wasNull() ? null : p;
    return new Agent(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("site_id"),
        rs.getString("name"),
        rs.getString("cert_sha256"),
        Instant.ofEpochMilli(rs.getLong("cert_not_after")),
        Instant.ofEpochMilli(rs.getLong("enrolled_at")),
        instant(rs, "revoked_at"),
        rs.getLong("acked_seq"),
        instant(rs, "last_seen_at"),
        rs.getString("version"),
        protocol,
        configVersion,
        rs.getString("health"),
        rs.getInt("silent_alerted") != 0);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
