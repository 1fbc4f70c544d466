package dev.mimamori.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, migrated database: a connection pool and its JDBI handle. Repositories reach it through
 * {@link #withHandle(TenantScope, HandleCallback)} and its kin, which on PostgreSQL set the
 * caller's scope for the row-level security policies (V16); a handle opened any other way sees no
 * tenant's rows there.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * The scope of system work that is no one caller's: the pipeline, the dispatchers and tickers,
   * sign-in. Written out at each use so a reader sees which calls run unscoped.
   */
  static final TenantScope SYSTEM = TenantScope.allTenants();

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean rowSecurity;
  private final RowSecurity status;

  /** The scope set on this thread's open handle, for calls nested in another (Jdbi reuses it). */
  private final ThreadLocal<@Nullable String> current = new ThreadLocal<>();

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.rowSecurity = config.dialect() == DatabaseConfig.Dialect.POSTGRESQL;
    if (rowSecurity) {
      jdbi.installPlugin(new TenantSession.DenyByDefault());
    }
    this.status = rowSecurity ? RowSecurity.of(jdbi) : RowSecurity.NOT_SUPPORTED;
    if (status == RowSecurity.BYPASSED) {
      LOG.warn(
          "the PostgreSQL role {} is a superuser or has BYPASSRLS: row-level security does not"
              + " apply to it, and tenant isolation rests on the queries' scope alone. Run"
              + " mimamori as an ordinary role that owns its database (docs/ARCHITECTURE.md).",
          RowSecurity.role(jdbi));
    }
  }

  /** Opens the pool and applies any pending migrations. */
  public static Database open(DatabaseConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setPoolName("mimamori-db");
    hc.setMaximumPoolSize(config.poolSize());
    hc.setConnectionTimeout(10_000);
    if (config.user() != null) {
      hc.setUsername(config.user());
    }
    if (config.password() != null) {
      hc.setPassword(config.password());
    }
    if (config.dialect() == DatabaseConfig.Dialect.SQLITE) {
      createParentDir(config.jdbcUrl());
      // WAL lets the console read while the pipeline writes; foreign keys are off by default in
      // SQLite.
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "NORMAL");
      hc.addDataSourceProperty("foreign_keys", "true");
      hc.addDataSourceProperty("busy_timeout", "10000");
      // A transaction that reads, then writes, must take the write lock at BEGIN: begun deferred,
      // its upgrade fails at once with SQLITE_BUSY (no busy wait) when another connection wrote
      // in between, which a busy server does (seen in CI: tenants().ensure beside the pipeline).
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hc.setConnectionInitSql("PRAGMA foreign_keys = ON");
    }
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      migrate(config, ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    LOG.debug("database open: {}", config);
    return new Database(config, ds);
  }

  /**
   * Applies pending migrations. On PostgreSQL they run on connections of their own (never returned
   * to the pool) with every tenant in scope, so migrations that move data see all of it under the
   * row-level security policies; V16, which adds those, lives in a PostgreSQL-only location.
   */
  private static void migrate(DatabaseConfig config, HikariDataSource pool) {
    FluentConfiguration flyway = Flyway.configure();
    if (config.dialect() == DatabaseConfig.Dialect.POSTGRESQL) {
      flyway
          .dataSource(config.jdbcUrl(), config.user(), config.password())
          .initSql(
              "SELECT set_config('"
                  + TenantSession.SETTING
                  + "', '"
                  + TenantSession.ALL
                  + "', false)")
          .locations("classpath:db/migration", "classpath:db/migration-postgresql");
    } else {
      flyway.dataSource(pool).locations("classpath:db/migration");
    }
    flyway.load().migrate();
  }

  private static void createParentDir(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    if (q >= 0) {
      file = file.substring(0, q);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null && !Files.exists(parent)) {
        // It will hold log evidence and password hashes: readable by mimamori's user only.
        Files.createDirectories(parent);
        try {
          Files.setPosixFilePermissions(
              parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system; its own permissions apply.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + parent, e);
    }
  }

  public DatabaseConfig config() {
    return config;
  }

  /**
   * The bare JDBI. On PostgreSQL a handle opened from it sees no tenant's rows until a scope is
   * set: use {@link #withHandle(TenantScope, HandleCallback)} and its kin instead.
   */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Whether PostgreSQL's row-level security guards the tenants' rows for this connection's role.
   */
  public RowSecurity rowSecurity() {
    return status;
  }

  /**
   * Runs {@code callback} on a handle whose queries see only {@code scope}'s tenants (on
   * PostgreSQL, enforced by row-level security; the query's own scope clause does it everywhere).
   * System work (the pipeline, the dispatchers, sign-in) passes {@link TenantScope#allTenants()}.
   */
  public <R, X extends Exception> R withHandle(TenantScope scope, HandleCallback<R, X> callback)
      throws X {
    if (!rowSecurity) {
      return jdbi.withHandle(callback);
    }
    return jdbi.withHandle(h -> scoped(h, TenantSession.value(scope), callback));
  }

  public <X extends Exception> void useHandle(TenantScope scope, HandleConsumer<X> callback)
      throws X {
    withHandle(scope, callback.asCallback());
  }

  /** Like {@link #withHandle} in one transaction. */
  public <R, X extends Exception> R inTransaction(TenantScope scope, HandleCallback<R, X> callback)
      throws X {
    // The scope is set before the transaction begins: set inside it, a rollback would undo it.
    return withHandle(scope, h -> h.inTransaction(callback));
  }

  public <X extends Exception> void useTransaction(TenantScope scope, HandleConsumer<X> callback)
      throws X {
    inTransaction(scope, callback.asCallback());
  }

  private <R, X extends Exception> R scoped(Handle h, String value, HandleCallback<R, X> callback)
      throws X {
    String outer = current.get();
    if (!value.equals(outer)) {
      TenantSession.set(h, value);
    }
    current.set(value);
    try {
      return callback.withHandle(h);
    } finally {
      if (outer == null) {
        current.remove();
        // The next handle empties it too; this keeps an idle pooled connection scope-free.
        resetQuietly(h);
      } else {
        current.set(outer);
        if (!outer.equals(value)) {
          TenantSession.set(h, outer);
        }
      }
    }
  }

  private static void resetQuietly(Handle h) {
    try {
      if (!h.isInTransaction()) {
        TenantSession.set(h, "");
      }
    } catch (RuntimeException e) {
      // A broken connection: the pool drops it, and the next handle empties the setting anyway.
      LOG.debug("could not empty the tenant scope of a connection", e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
