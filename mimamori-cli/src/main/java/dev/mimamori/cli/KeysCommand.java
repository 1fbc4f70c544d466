package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.server.api.ApiJson;
import dev.mimamori.server.api.IngestRoutes;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.IngestKey;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage ingest keys: long-lived credentials for log shippers (Fluent Bit, Vector, Filebeat,",
      "Logstash, rsyslog). A key sends logs for its tenant (and asset, when it names one) to",
      "POST /api/v1/ingest and /_bulk, and opens nothing else."
    },
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: create, list or revoke");
  }

  /** Where the store is: the data directory's SQLite file or a database URL. */
  static final class StoreOptions {
    @Option(
        names = "--data-dir",
        defaultValue = "./mimamori-data",
        description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--db",
        description = "Database URL instead of the embedded SQLite (or MIMAMORI_DB).")
    String db;

    /** Opens the store; with {@code mustExist}, an embedded one only where there is one. */
    Store open(CommandLine.Model.CommandSpec spec, boolean mustExist) {
      String database = db != null ? db : System.getenv("MIMAMORI_DB");
      if (mustExist && database == null && !Files.isDirectory(dataDir)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no data directory at " + dataDir);
      }
      return Store.open(DatabaseConfig.parse(database, dataDir), Clock.systemUTC());
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Issue a key and print it on standard output. It is shown this once: only its digest is",
        "stored. Give it to the shipper as the basic-auth password, bearer token or API key."
      })
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--tenant", required = true, description = "Tenant the key sends logs for.")
    String tenant;

    @Option(names = "--name", required = true, description = "What the key is for.")
    String name;

    @Option(
        names = "--asset",
        description = "Asset every line sent with the key belongs to (default: the request's).")
    String asset;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      if (!IngestRoutes.TENANT_ID.matcher(tenant).matches()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tenant holds a-z, 0-9 and . _ - only (at most 64)");
      }
      try (Store s = store.open(spec, false)) {
        s.tenants().ensure(tenant, tenant);
        IngestKeyRepository.Issued issued;
        try {
          issued = s.ingestKeys().issue(tenant, name, asset, "cli");
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println(issued.secret());
        err.println(
            "ingest key "
                + issued.key().id()
                + " for tenant "
                + tenant
                + (asset == null ? "" : ", asset " + asset)
                + ": shown this once; revoke with 'mimamori keys revoke "
                + issued.key().id()
                + "'");
        out.flush();
        err.flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List ingest keys, newest first (never the keys themselves).")
  static final class ListKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--tenant", description = "Only this tenant's keys.")
    String tenant;

    @Option(names = "--json", description = "One JSON object per key.")
    boolean json;

    @Mixin StoreOptions store;

    @Override
    public Integer call() throws Exception {
      List<IngestKey> keys;
      try (Store s = store.open(spec, true)) {
        keys =
            s.ingestKeys().list(tenant == null ? TenantScope.allTenants() : TenantScope.of(tenant));
      }
      PrintWriter out = spec.commandLine().getOut();
      ObjectMapper m = new ObjectMapper();
      if (!json) {
        out.printf(
            "%-36s  %-16s  %-12s  %-20s  %-20s  %-8s  %s%n",
            "ID", "TENANT", "ASSET", "CREATED", "LAST USED", "STATUS", "NAME");
      }
      for (IngestKey k : keys) {
        if (json) {
          out.println(m.writeValueAsString(ApiJson.ingestKey(k)));
        } else {
          out.printf(
              "%-36s  %-16s  %-12s  %-20s  %-20s  %-8s  %s%n",
              k.id(),
              k.tenant(),
              k.asset() == null ? "-" : k.asset(),
              seconds(k.createdAt()),
              k.lastUsedAt() == null ? "never" : seconds(k.lastUsedAt()),
              k.revoked() ? "revoked" : "active",
              Sanitize.oneLine(k.name()));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an ingest key: the next request sent with it is refused.")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as 'keys list' shows it.")
    String id;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      Optional<IngestKey> revoked;
      try (Store s = store.open(spec, true)) {
        revoked = s.ingestKeys().revoke(TenantScope.allTenants(), id);
      }
      PrintWriter err = spec.commandLine().getErr();
      if (revoked.isEmpty()) {
        err.println("mimamori: no ingest key " + Sanitize.oneLine(id));
        err.flush();
        return ExitCodes.FAILURE;
      }
      err.println(
          "revoked ingest key "
              + id
              + " ("
              + Sanitize.oneLine(revoked.get().name())
              + ", tenant "
              + revoked.get().tenant()
              + ")");
      err.flush();
      return ExitCodes.OK;
    }
  }

  private static String seconds(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
