package dev.mimamori.store;

import java.time.Clock;
import java.util.List;

/** Customers. */
public final class TenantRepository {
  private final Database db;
  private final Clock clock;

  TenantRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Creates the tenant unless it exists. */
  public void ensure(String id, String name) {
    if (id.isBlank() || id.length() > 64) {
      throw new IllegalArgumentException("tenant id must be 1 to 64 characters");
    }
    db.useTransaction(
        Database.SYSTEM,
        h -> {
          int n =
              h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :id")
                  .bind("id", id)
                  .mapTo(Integer.class)
                  .one();
          if (n == 0) {
            h.createUpdate("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id)
                .bind("name", name)
                .bind("now", clock.millis())
                .execute();
          }
        });
  }

  /** A customer as the API shows it. */
  public record Tenant(String id, String name, java.time.Instant createdAt) {}

  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * Creates a tenant named {@code name} with {@code id}, or an id made from the name (its
   * lower-case letters and digits; {@code t-} and random characters when the name has none, e.g. a
   * Japanese name). A taken id is refused.
   */
  public Tenant create(String name, @org.jspecify.annotations.Nullable String id) {
    String n = name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw new IllegalArgumentException("a tenant name is 1 to 200 characters");
    }
    String chosen = id == null ? idFor(n) : id;
    if (!ID.matcher(chosen).matches()) {
      throw new IllegalArgumentException(
          "a tenant id is a-z or 0-9, then a-z, 0-9 and . _ - (at most 64)");
    }
    long now = clock.millis();
    return db.inTransaction(
        Database.SYSTEM,
        h -> {
          int taken =
              h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :id")
                  .bind("id", chosen)
                  .mapTo(Integer.class)
                  .one();
          if (taken > 0) {
            throw new IllegalArgumentException("the tenant id '" + chosen + "' is taken");
          }
          h.createUpdate("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)")
              .bind("id", chosen)
              .bind("name", n)
              .bind("now", now)
              .execute();
          return new Tenant(chosen, n, java.time.Instant.ofEpochMilli(now));
        });
  }

  static String idFor(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
      if (b.length() >= 40) {
        break;
      }
    }
    String s = b.toString().replaceAll("-+$", "");
    String random = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    return s.isEmpty() ? "t-" + random : s;
  }

  /** The tenants the scope sees, by id. */
  public List<Tenant> list(TenantScope scope) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, name, created_at FROM tenants WHERE "
                            + ScopeSql.clause(scope, "id")
                            + " ORDER BY id"),
                    scope)
                .map(
                    (rs, ctx) ->
                        new Tenant(
                            rs.getString("id"),
                            rs.getString("name"),
                            java.time.Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list());
  }

  public java.util.Optional<Tenant> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT id, name, created_at FROM tenants WHERE id = :id AND "
                            + ScopeSql.clause(scope, "id")),
                    scope)
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Tenant(
                            rs.getString("id"),
                            rs.getString("name"),
                            java.time.Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
  }

  /** Renames a tenant the scope sees. */
  public boolean rename(TenantScope scope, String id, String name) {
    String n = name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw new IllegalArgumentException("a tenant name is 1 to 200 characters");
    }
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE tenants SET name = :n WHERE id = :id AND "
                                + ScopeSql.clause(scope, "id")),
                        scope)
                    .bind("n", n)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  public List<String> ids() {
    return db.withHandle(
        Database.SYSTEM,
        h -> h.createQuery("SELECT id FROM tenants ORDER BY id").mapTo(String.class).list());
  }
}
