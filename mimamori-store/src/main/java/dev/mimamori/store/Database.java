package dev.mimamori.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An open, migrated database: a connection pool and its JDBI handle. */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
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
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    LOG.debug("database open: {}", config);
    return new Database(config, ds);
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

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
