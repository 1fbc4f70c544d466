package dev.mimamori.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the data lives, validated once. Accepts no URL (SQLite at {@code DATA_DIR/mimamori.db}),
 * {@code sqlite:/path/file.db}, {@code postgresql://user:password@host:port/database}, or a raw
 * {@code jdbc:} URL.
 *
 * @param dialect which database
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user name, if any
 * @param password the password, if any
 * @param poolSize connections to keep
 */
public record DatabaseConfig(
    Dialect dialect,
    String jdbcUrl,
    @Nullable String user,
    @Nullable String password,
    int poolSize) {

  public enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  public DatabaseConfig {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (poolSize < 1 || poolSize > 64) {
      throw new IllegalArgumentException("poolSize must be between 1 and 64");
    }
  }

  public static DatabaseConfig sqlite(Path file) {
    return new DatabaseConfig(
        Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null, 4);
  }

  /** From {@code --db} (may be null) and {@code --data-dir}. */
  public static DatabaseConfig parse(@Nullable String url, Path dataDir) {
    if (url == null || url.isBlank()) {
      return sqlite(dataDir.resolve("mimamori.db"));
    }
    String u = url.trim();
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sqlite:")) {
      return sqlite(Path.of(u.substring("sqlite:".length())));
    }
    if (lower.startsWith("jdbc:sqlite:")) {
      return new DatabaseConfig(Dialect.SQLITE, u, null, null, 4);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseConfig(Dialect.POSTGRESQL, u, null, null, 8);
    }
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return fromPostgresUri(u);
    }
    throw new IllegalArgumentException(
        "unsupported --db '"
            + redact(u)
            + "' (use postgresql://user:password@host:port/database, sqlite:/path/file.db or a jdbc: URL)");
  }

  private static DatabaseConfig fromPostgresUri(String u) {
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "malformed --db URL '" + redact(u) + "': " + e.getReason(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--db URL '" + redact(u) + "' has no host");
    }
    String db =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db;
    if (uri.getRawQuery() != null) {
      jdbc += "?" + uri.getRawQuery();
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
      password =
          colon < 0 ? null : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
    }
    return new DatabaseConfig(Dialect.POSTGRESQL, jdbc, user, password, 8);
  }

  /** The URL with any password replaced, for messages. */
  static String redact(String url) {
    return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@")
        .replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "DatabaseConfig["
        + dialect
        + " "
        + redact(jdbcUrl)
        + (user == null ? "" : " as " + user)
        + "]";
  }
}
