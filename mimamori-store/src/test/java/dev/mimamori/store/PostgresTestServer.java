package dev.mimamori.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the Debian {@code postgresql} package's binaries
 * in a temporary directory on a free loopback port, once per JVM, and stopped when the JVM exits.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user. {@code
 * scripts/test} installs the package when it is missing. Test databases belong to an ordinary role
 * ({@link #APP_ROLE}), as the docs ask of production, so row-level security applies to them.
 */
public final class PostgresTestServer {
  /** The ordinary role (no superuser, no BYPASSRLS) that owns and uses the test databases. */
  public static final String APP_ROLE = "mimamori_app";

  private static PostgresTestServer instance;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path dataDir;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresTestServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The shared server, started on first use. */
  public static synchronized PostgresTestServer get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-test-stop"));
    }
    return instance;
  }

  /**
   * A new, empty database on the shared server, as a {@code postgresql://} URL for {@code --db}.
   */
  public String newDatabaseUrl() {
    return appUrl(newDatabase(APP_ROLE));
  }

  /** The migrated database that {@link #newMigratedDatabaseUrl} copies, made on first use. */
  private String template;

  /**
   * A new database already at the latest schema, as a {@code postgresql://} URL: a copy of one
   * database migrated once ({@code CREATE DATABASE ... TEMPLATE}), which takes a fraction of the
   * second that running every migration again took for each of the store contract's 150 tests.
   * Opening it runs Flyway as usual, which finds nothing to do.
   */
  public synchronized String newMigratedDatabaseUrl() {
    if (template == null) {
      String name = newDatabase(APP_ROLE);
      Database.open(DatabaseConfig.parse(appUrl(name), Path.of("."))).close();
      template = name;
    }
    return appUrl(newDatabase(APP_ROLE, template));
  }

  private String appUrl(String database) {
    return "postgresql://" + APP_ROLE + "@127.0.0.1:" + port + "/" + database;
  }

  /**
   * A new, empty database owned by and used as the superuser {@code postgres}, which row-level
   * security does not restrain (the server must warn about it).
   */
  public String newSuperuserDatabaseUrl() {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + newDatabase("postgres");
  }

  private String newDatabase(String owner) {
    return newDatabase(owner, null);
  }

  /** A new database, empty or (with {@code template}) a copy of that one. */
  private String newDatabase(String owner, @org.jspecify.annotations.Nullable String template) {
    String name =
        "mimamori_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    String sql =
        "CREATE DATABASE "
            + name
            + (template == null ? "" : " TEMPLATE " + template)
            + " OWNER "
            + owner;
    for (int attempt = 0; ; attempt++) {
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
          Statement s = c.createStatement()) {
        s.execute(sql);
        return name;
      } catch (SQLException e) {
        // 55006: a closing connection to the template was still counted; it goes within moments.
        if (!"55006".equals(e.getSQLState()) || attempt == 50) {
          throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  private void createAppRole() {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test role: " + e.getMessage(), e);
    }
  }

  private static PostgresTestServer start() {
    Path bin =
        findBinDir()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;"
                            + " install the 'postgresql' package (scripts/test does it as root)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path base = Files.createTempDirectory("mimamori-pg-");
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path data = base.resolve("data");
      Path sock = base.resolve("sock");
      Files.createDirectories(sock);
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", base.toString()), false);
      }
      int port = freePort();
      PostgresTestServer s = new PostgresTestServer(bin, data, port, root);
      s.exec(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-sync",
              "--no-locale"));
      s.exec(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              base.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p "
                  + port
                  + " -k "
                  + sock
                  + " -c listen_addresses=127.0.0.1 -c fsync=off"
                  + " -c synchronous_commit=off -c full_page_writes=off",
              "start"));
      s.createAppRole();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL for tests: " + e.getMessage(), e);
    }
  }

  private void stop() {
    try {
      exec(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } catch (RuntimeException e) {
      // The JVM is exiting; the files are removed below all the same.
    }
    // A cluster is about 2 GB on disk: every test JVM left one behind until this deleted it.
    Path base = dataDir.getParent();
    try (java.util.stream.Stream<Path> files = Files.walk(base)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // Best effort at exit.
    }
  }

  private void exec(List<String> command) {
    run(command, asPostgresUser);
  }

  private static void run(List<String> command, boolean asPostgres) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("'" + String.join(" ", full) + "' failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + full + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Optional<Path> findBinDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("initdb"))
                      && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(PostgresTestServer::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
