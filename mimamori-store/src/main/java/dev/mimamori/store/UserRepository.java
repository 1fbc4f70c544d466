package dev.mimamori.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts and API tokens. Passwords are stored as Argon2id hashes; tokens as SHA-256 digests, so a
 * copy of the database gives no working credential.
 */
public final class UserRepository {
  /** A hash to verify against when the user does not exist, so timing does not reveal it. */
  // Made on the first sign-in, not on every open: hashing costs a fifth of a second.
  private volatile @org.jspecify.annotations.Nullable String dummyHash;

  private final Database db;
  private final Clock clock;
  private final PasswordHasher hasher = new PasswordHasher();
  private final SecureRandom random = new SecureRandom();

  UserRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public boolean exists(String username) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT COUNT(*) FROM users WHERE username = :u")
                    .bind("u", username)
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  /** The tenant of a user name, if there is such a user. */
  public Optional<String> tenantOf(String username) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT tenant_id FROM users WHERE username = :u")
                .bind("u", username)
                .mapTo(String.class)
                .findOne());
  }

  public long count() {
    return db.withHandle(
        Database.SYSTEM, h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
  }

  /** Creates a user; the password must be at least 12 characters. */
  public User create(String tenant, String username, String password, String role) {
    if (password.length() < 12) {
      throw new IllegalArgumentException("password must be at least 12 characters");
    }
    return createUnchecked(tenant, username, password, role);
  }

  /**
   * Creates a user with an operator-supplied password (from the environment): any non-empty one.
   */
  public User createUnchecked(String tenant, String username, String password, String role) {
    if (username.isBlank() || username.length() > 128) {
      throw new IllegalArgumentException("username must be 1 to 128 characters");
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    User u = new User(UUID.randomUUID().toString(), tenant, username, User.role(role));
    String hash = hasher.hash(password);
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "INSERT INTO users (id, tenant_id, username, password_hash, role, created_at)"
                        + " VALUES (:id, :t, :u, :p, :r, :now)")
                .bind("id", u.id())
                .bind("t", tenant)
                .bind("u", username)
                .bind("p", hash)
                .bind("r", u.role())
                .bind("now", clock.millis())
                .execute());
    return u;
  }

  public void setPassword(String username, String password) {
    if (password.length() < 12) {
      throw new IllegalArgumentException("password must be at least 12 characters");
    }
    setPasswordUnchecked(username, password);
  }

  /** Sets an operator-supplied password (from the environment): any non-empty one. */
  public void setPasswordUnchecked(String username, String password) {
    if (password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    String hash = hasher.hash(password);
    // A new password ends every token issued under the old one.
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          h.createUpdate(
                  "UPDATE users SET password_hash = :p, password_changed_at = :now WHERE username = :u")
              .bind("p", hash)
              .bind("now", clock.millis())
              .bind("u", username)
              .execute();
          h.createUpdate(
                  "DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE username = :u)")
              .bind("u", username)
              .execute();
        });
  }

  /** The user when the password matches; the same work is done when the user does not exist. */
  public Optional<User> authenticate(String username, String password) {
    record Row(User user, String hash) {}
    Optional<Row> row =
        db.withHandle(
            Database.SYSTEM,
            h ->
                h.createQuery(
                        "SELECT id, tenant_id, username, role, password_hash FROM users"
                            + " WHERE username = :u AND disabled_at IS NULL")
                    .bind("u", username)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                new User(
                                    rs.getString("id"),
                                    rs.getString("tenant_id"),
                                    rs.getString("username"),
                                    rs.getString("role")),
                                rs.getString("password_hash")))
                    .findOne());
    boolean ok = hasher.verify(password, row.map(Row::hash).orElseGet(this::dummyHash));
    return ok ? row.map(Row::user).map(this::withAssigned) : Optional.empty();
  }

  /** A new bearer token for the user; only its digest is stored. Expired tokens are purged. */
  public String issueToken(User user, Duration lifetime) {
    return issueToken(user, lifetime, WRITE);
  }

  /** Tokens that may do all their user may ({@code write}), or only read ({@code read}). */
  public static final String WRITE = "write";

  public static final String READ = "read";

  /** A token and its scope. */
  public record TokenUser(User user, String scope) {
    public boolean readOnly() {
      return READ.equals(scope);
    }
  }

  /** A new bearer token with a scope ({@code read} or {@code write}). */
  public String issueToken(User user, Duration lifetime, String scope) {
    if (!READ.equals(scope) && !WRITE.equals(scope)) {
      throw new IllegalArgumentException("a token's scope is read or write");
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = "mmt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long now = clock.millis();
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate("DELETE FROM api_tokens WHERE expires_at <= :now")
                .bind("now", now)
                .execute());
    db.useHandle(
        Database.SYSTEM,
        h ->
            h.createUpdate(
                    "INSERT INTO api_tokens (token_hash, user_id, tenant_id, created_at, expires_at,"
                        + " scope) VALUES (:h, :u, :t, :now, :exp, :scope)")
                .bind("scope", scope)
                .bind("h", digest(token))
                .bind("u", user.id())
                .bind("t", user.tenant())
                .bind("now", now)
                .bind("exp", now + lifetime.toMillis())
                .execute());
    return token;
  }

  /** Ends one token (its holder signing out of the API); false when it was not valid. */
  public boolean revokeToken(String token) {
    if (!token.startsWith("mmt_") || token.length() > 100) {
      return false;
    }
    return db.withHandle(
            Database.SYSTEM,
            h ->
                h.createUpdate("DELETE FROM api_tokens WHERE token_hash = :h")
                    .bind("h", digest(token))
                    .execute())
        > 0;
  }

  /** The user a token belongs to, if it is valid and not expired. */
  public Optional<User> findByToken(String token) {
    return findToken(token).map(TokenUser::user);
  }

  /** The user and scope of a token, if it is valid and not expired. */
  public Optional<TokenUser> findToken(String token) {
    if (!token.startsWith("mmt_") || token.length() > 100) {
      return Optional.empty();
    }
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT u.id, u.tenant_id, u.username, u.role, t.scope FROM api_tokens t"
                        + " JOIN users u ON u.id = t.user_id"
                        + " WHERE t.token_hash = :h AND t.expires_at > :now AND u.disabled_at IS NULL")
                .bind("h", digest(token))
                .bind("now", clock.millis())
                .map(
                    (rs, ctx) ->
                        new TokenUser(
                            new User(
                                rs.getString("id"),
                                rs.getString("tenant_id"),
                                rs.getString("username"),
                                rs.getString("role")),
                            rs.getString("scope")))
                .findOne()
                .map(t -> new TokenUser(withAssigned(t.user()), t.scope())));
  }

  /** The user with the tenants assigned to it (analysts). */
  User withAssigned(User u) {
    if (!User.ANALYST.equals(u.role())) {
      return u;
    }
    List<String> t =
        db.withHandle(
            Database.SYSTEM,
            h ->
                h.createQuery(
                        "SELECT tenant_id FROM user_tenants WHERE user_id = :u ORDER BY tenant_id")
                    .bind("u", u.id())
                    .mapTo(String.class)
                    .list());
    return new User(u.id(), u.tenant(), u.username(), u.role(), new java.util.HashSet<>(t));
  }

  /** An account as the API lists it. */
  public record Account(
      String id,
      String tenant,
      String username,
      String role,
      List<String> assigned,
      boolean disabled,
      java.time.Instant createdAt,
      java.time.Instant passwordChangedAt) {}

  /** The accounts of the scope's tenants, by user name. */
  public List<Account> list(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, username, role, disabled_at, created_at, password_changed_at FROM users"
                            + " WHERE "
                            + ScopeSql.clause(scope, "tenant_id")
                            + " ORDER BY username"),
                    scope)
                .map((rs, ctx) -> account(h, rs))
                .list());
  }

  public Optional<Account> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, tenant_id, username, role, disabled_at, created_at, password_changed_at FROM users"
                            + " WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> account(h, rs))
                .findOne());
  }

  private static Account account(org.jdbi.v3.core.Handle h, java.sql.ResultSet rs)
      throws java.sql.SQLException {
    String id = rs.getString("id");
    rs.getLong("disabled_at");
    boolean disabled = !rs.wasNull();
    List<String> assigned =
        h.createQuery("SELECT tenant_id FROM user_tenants WHERE user_id = :u ORDER BY tenant_id")
            .bind("u", id)
            .mapTo(String.class)
            .list();
    return new Account(
        id,
        rs.getString("tenant_id"),
        rs.getString("username"),
        rs.getString("role"),
        assigned,
        disabled,
        java.time.Instant.ofEpochMilli(rs.getLong("created_at")),
        java.time.Instant.ofEpochMilli(rs.getLong("password_changed_at")));
  }

  /** Changes a role (and the tenants an analyst works); ends the user's tokens. */
  public void update(
      String id,
      @org.jspecify.annotations.Nullable String role,
      java.util.@org.jspecify.annotations.Nullable Collection<String> assigned) {
    String r = role == null ? null : User.role(role);
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          if (r != null) {
            h.createUpdate("UPDATE users SET role = :r WHERE id = :id")
                .bind("r", r)
                .bind("id", id)
                .execute();
            if (!User.ANALYST.equals(r)) {
              // Only analysts work assigned tenants: a demotion forgets them for good.
              h.createUpdate("DELETE FROM user_tenants WHERE user_id = :id")
                  .bind("id", id)
                  .execute();
            }
          }
          if (assigned != null) {
            h.createUpdate("DELETE FROM user_tenants WHERE user_id = :id").bind("id", id).execute();
            for (String t : new java.util.TreeSet<>(assigned)) {
              h.createUpdate("INSERT INTO user_tenants (user_id, tenant_id) VALUES (:u, :t)")
                  .bind("u", id)
                  .bind("t", t)
                  .execute();
            }
          }
          h.createUpdate("DELETE FROM api_tokens WHERE user_id = :id").bind("id", id).execute();
        });
  }

  /** Disables (or enables) an account; disabling ends its tokens at once. */
  public void setDisabled(String id, boolean disabled) {
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          h.createUpdate("UPDATE users SET disabled_at = :at WHERE id = :id")
              .bind("at", disabled ? (Long) clock.millis() : null)
              .bind("id", id)
              .execute();
          if (disabled) {
            h.createUpdate("DELETE FROM api_tokens WHERE user_id = :id").bind("id", id).execute();
          }
        });
  }

  static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A hash to verify against when the user is unknown, so a wrong name costs as much as a wrong
   * password.
   */
  private String dummyHash() {
    String h = dummyHash;
    if (h == null) {
      h = hasher.hash(UUID.randomUUID().toString());
      dummyHash = h;
    }
    return h;
  }
}
