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
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Long-lived ingest keys for log shippers. A key is {@code mmk_} and 32 random bytes (base64url);
 * only its SHA-256 digest is stored, so a copy of the database gives no working key. Reads carry a
 * {@link TenantScope} like every other customer read.
 */
public final class IngestKeyRepository {
  /** The prefix every ingest key starts with (API tokens start with {@code mmt_}). */
  public static final String PREFIX = "mmk_";

  /** A key's last use is written at most this often, not once per request. */
  public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  /** The asset names the HTTP inputs take. */
  public static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private static final String COLUMNS =
      "id, tenant_id, name, asset, created_by, created_at, last_used_at, revoked_at";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  IngestKeyRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A new key and what is kept of it.
   *
   * @param key what is stored
   * @param secret the key itself: shown to its owner once, never stored
   */
  public record Issued(IngestKey key, String secret) {}

  /**
   * Issues a key for an existing tenant.
   *
   * @throws IllegalArgumentException for an unknown tenant, an empty or overlong name, or an asset
   *     name the inputs would refuse
   */
  public Issued issue(String tenant, String name, @Nullable String asset, String createdBy) {
    String n = name.strip();
    if (n.isEmpty() || n.length() > 128 || n.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "name must be 1 to 128 characters without control characters");
    }
    if (asset != null && !ASSET.matcher(asset).matches()) {
      throw new IllegalArgumentException(
          "asset must start with a letter or digit and hold only letters, digits and . _ : -"
              + " (at most 128)");
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    IngestKey key =
        new IngestKey(
            UUID.randomUUID().toString(),
            tenant,
            n,
            asset,
            createdBy,
            Instant.ofEpochMilli(clock.millis()),
            null,
            null);
    db.useTransaction(
        TenantScope.of(tenant),
        h -> {
          int tenants =
              h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :t")
                  .bind("t", tenant)
                  .mapTo(Integer.class)
                  .one();
          if (tenants == 0) {
            throw new IllegalArgumentException("no tenant '" + tenant + "'");
          }
          h.createUpdate(
                  "INSERT INTO ingest_keys (id, tenant_id, name, asset, key_hash, created_by,"
                      + " created_at) VALUES (:id, :t, :n, :a, :h, :by, :now)")
              .bind("id", key.id())
              .bind("t", tenant)
              .bind("n", n)
              .bind("a", asset)
              .bind("h", UserRepository.digest(secret))
              .bind("by", createdBy)
              .bind("now", key.createdAt().toEpochMilli())
              .execute();
        });
    return new Issued(key, secret);
  }

  /** The keys the scope may see, newest first, revoked ones included. */
  public List<IngestKey> list(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM ingest_keys WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY created_at DESC, id"),
                    scope)
                .map((rs, ctx) -> key(rs))
                .list());
  }

  /** One key, if it exists and the scope may see it. */
  public Optional<IngestKey> get(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM ingest_keys WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id"))
                        .bind("id", id),
                    scope)
                .map((rs, ctx) -> key(rs))
                .findOne());
  }

  /**
   * Revokes a key the scope may see; it stops working at once. Revoking a revoked key keeps its
   * first revocation time.
   *
   * @return the key as it is now, or empty when there is no such key in the scope
   */
  public Optional<IngestKey> revoke(TenantScope scope, String id) {
    long now = clock.millis();
    db.useHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createUpdate(
                            "UPDATE ingest_keys SET revoked_at = :now WHERE id = :id"
                                + " AND revoked_at IS NULL AND "
                                + ScopeSql.clause(scope, "tenant_id"))
                        .bind("now", now)
                        .bind("id", id),
                    scope)
                .execute());
    return get(scope, id);
  }

  /**
   * The key a shipper presented, if it exists and is not revoked. Its last use is recorded, at most
   * once per {@link #LAST_USED_RESOLUTION}, so a busy shipper does not cost a write per request.
   */
  public Optional<IngestKey> authenticate(String secret) {
    if (!secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    Optional<IngestKey> found =
        db.withHandle(
            Database.SYSTEM,
            h ->
                h.createQuery("SELECT " + COLUMNS + " FROM ingest_keys WHERE key_hash = :h")
                    .bind("h", UserRepository.digest(secret))
                    .map((rs, ctx) -> key(rs))
                    .findOne());
    if (found.isEmpty() || found.get().revoked()) {
      return Optional.empty();
    }
    IngestKey key = found.get();
    long now = clock.millis();
    long cutoff = now - LAST_USED_RESOLUTION.toMillis();
    if (key.lastUsedAt() != null && key.lastUsedAt().toEpochMilli() > cutoff) {
      return found;
    }
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "UPDATE ingest_keys SET last_used_at = :now WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at <= :cutoff)")
                .bind("now", now)
                .bind("id", key.id())
                .bind("cutoff", cutoff)
                .execute());
    return Optional.of(
        new IngestKey(
            key.id(),
            key.tenant(),
            key.name(),
            key.asset(),
            key.createdBy(),
            key.createdAt(),
            Instant.ofEpochMilli(now),
            null));
  }

  private static IngestKey key(ResultSet rs) throws SQLException {
    return new IngestKey(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("name"),
        rs.getString("asset"),
        rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "last_used_at"),
        instant(rs, "revoked_at"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
