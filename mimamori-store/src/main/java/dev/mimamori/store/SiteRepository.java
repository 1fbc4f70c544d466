package dev.mimamori.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A tenant's shops: where their logs and files are, and what they run. Scoped like the rest. */
public final class SiteRepository {
  /**
   * A shop.
   *
   * @param platform e.g. {@code ec-cube}, {@code wordpress}
   * @param version e.g. {@code 4.2.3}
   */
  public record Site(
      String id,
      String tenant,
      String name,
      List<String> urls,
      List<String> hosts,
      List<String> webRoots,
      @Nullable String platform,
      @Nullable String version,
      Instant createdAt) {
    public Site {
      urls = List.copyOf(urls);
      hosts = List.copyOf(hosts);
      webRoots = List.copyOf(webRoots);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, tenant_id, name, urls, hosts, web_roots, platform, version, created_at";

  private final Database db;
  private final Clock clock;

  SiteRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Site create(
      String tenant,
      String name,
      List<String> urls,
      List<String> hosts,
      List<String> webRoots,
      @Nullable String platform,
      @Nullable String version) {
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a site name is 1 to 200 characters");
    }
    for (String u : urls) {
      if (!(u.startsWith("https://") || u.startsWith("http://")) || u.length() > 2000) {
        throw new IllegalArgumentException("site urls are http(s) URLs");
      }
    }
    if (urls.size() + hosts.size() + webRoots.size() > 200) {
      throw new IllegalArgumentException("a site holds at most 200 urls, hosts and web roots");
    }
    Site s =
        new Site(
            UUID.randomUUID().toString(),
            tenant,
            name.strip(),
            urls,
            hosts,
            webRoots,
            platform,
            version,
            Instant.ofEpochMilli(clock.millis()));
    db.useTransaction(
        TenantScope.of(tenant),
        h -> {
          int taken =
              h.createQuery("SELECT COUNT(*) FROM sites WHERE tenant_id = :t AND name = :n")
                  .bind("t", tenant)
                  .bind("n", s.name())
                  .mapTo(Integer.class)
                  .one();
          if (taken > 0) {
            throw new IllegalArgumentException("the tenant has a site named '" + s.name() + "'");
          }
          h.createUpdate(
                  "INSERT INTO sites (id, tenant_id, name, urls, hosts, web_roots, platform, version,"
                      + " created_at, updated_at) VALUES (:id, :t, :n, :u, :h, :w, :p, :v, :now, :now)")
              .bind("id", s.id())
              .bind("t", tenant)
              .bind("n", s.name())
              .bind("u", write(urls))
              .bind("h", write(hosts))
              .bind("w", write(webRoots))
              .bind("p", platform)
              .bind("v", version)
              .bind("now", s.createdAt().toEpochMilli())
              .execute();
        });
    return s;
  }

  public List<Site> list(TenantScope scope, @Nullable String tenant) {
    return db.withHandle(
        scope,
        h -> {
          var q =
              ScopeSql.bind(
                  h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM sites WHERE "
                          + ScopeSql.clause(scope, "tenant_id")
                          + (tenant == null ? "" : " AND tenant_id = :only")
                          + " ORDER BY tenant_id, name"),
                  scope);
          if (tenant != null) {
            q.bind("only", tenant);
          }
          return q.map((rs, ctx) -> site(rs)).list();
        });
  }

  public Optional<Site> find(TenantScope scope, String id) {
    return db.withHandle(
        scope,
        h ->
            ScopeSql.bind(
                    h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM sites WHERE id = :id AND "
                            + ScopeSql.clause(scope, "tenant_id")),
                    scope)
                .bind("id", id)
                .map((rs, ctx) -> site(rs))
                .findOne());
  }

  public boolean delete(TenantScope scope, String id) {
    return db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "DELETE FROM sites WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** Report tokens start with this, so a leaked one is recognisable (like {@code mmk_}). */
  public static final String CSP_TOKEN_PREFIX = "mmc_";

  private final java.security.SecureRandom random = new java.security.SecureRandom();

  /**
   * Gives the site a new CSP report token, replacing any earlier one (reports sent with that are
   * refused from now on). Only its digest is stored; the token is returned once. Empty when the
   * site is not in scope.
   */
  public Optional<String> rotateCspToken(TenantScope scope, String id) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    String token =
        CSP_TOKEN_PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    int n =
        db.withHandle(
            scope,
            h ->
                ScopeSql.bind(
                        h.createUpdate(
                            "UPDATE sites SET csp_token_hash = :h, updated_at = :now"
                                + " WHERE id = :id AND "
                                + ScopeSql.clause(scope, "tenant_id")),
                        scope)
                    .bind("h", UserRepository.digest(token))
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute());
    return n == 1 ? Optional.of(token) : Optional.empty();
  }

  /** The site a CSP report token belongs to, across tenants (the token is the authentication). */
  public Optional<Site> findByCspToken(String token) {
    if (!token.startsWith(CSP_TOKEN_PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM sites WHERE csp_token_hash = :h")
                .bind("h", UserRepository.digest(token))
                .map((rs, ctx) -> site(rs))
                .findOne());
  }

  private static Site site(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Site(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("name"),
        read(rs.getString("urls")),
        read(rs.getString("hosts")),
        read(rs.getString("web_roots")),
        rs.getString("platform"),
        rs.getString("version"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  private static String write(List<String> v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> read(String json) {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt site column", e);
    }
  }
}
