package dev.mimamori.cli;

import dev.mimamori.archive.EventArchive;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.server.rules.TuningLoader;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Read log files once (plain or .gz) through the pipeline into the data directory: every event",
      "into the archive, alerts and incidents into the store, and each file's read position, so",
      "ingesting a file again reads only what was added since. Exit code 1 when there were alerts."
    })
final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files to read.")
  List<Path> files;

  @Option(
      names = "--data-dir",
      defaultValue = "./mimamori-data",
      description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db",
      description = "Database URL instead of the embedded SQLite (or MIMAMORI_DB).")
  String db;

  @Mixin SourceOptions source;

  @Override
  public Integer call() throws Exception {
    ServeCommand.validate(spec, source.format);
    OneShotRead.checkFiles(files);
    String database = db != null ? db : System.getenv("MIMAMORI_DB");
    PrintWriter err = spec.commandLine().getErr();
    OneShotRead listener = new OneShotRead();
    DatabaseConfig config = DatabaseConfig.parse(database, dataDir);
    // The rules load while the store opens (a new database's migrations take a quarter of a
    // second): two cold starts at once on two cores instead of one after the other.
    FutureTask<Detector> rules = new FutureTask<>(() -> new RuleLoader().builtinDetector());
    Thread loader = new Thread(rules, "mimamori-rules");
    loader.setDaemon(true);
    loader.start();
    try (Store store = Store.open(config, Clock.systemUTC());
        EventArchive archive = new EventArchive(dataDir.resolve("archive"))) {
      store.tenants().ensure(source.tenant, source.tenant);
      Pipeline pipeline =
          new Pipeline(
              // The tenants' tuning (rules switched off, exceptions) as the server applies it.
              loaded(rules).withFilter(TuningLoader.load(store, Clock.systemUTC())),
              new IncidentCorrelator(store.incidents(), Duration.ofHours(6)),
              store.checkpoints(),
              List.of(),
              listener,
              10_000,
              archive);
      try {
        for (Path f : files) {
          pipeline.addSource(new SourceSpec(f, source.format, source.tenant, source.asset, false));
        }
        if (!pipeline.awaitIdle(Duration.ofHours(24))) {
          throw new IllegalStateException("ingest did not finish");
        }
      } finally {
        pipeline.close();
      }
      listener.throwIfFailed();
      var s = pipeline.stats();
      err.printf(
          "%d lines, %d events, %d not parsed, %d alerts, %d new incidents%n",
          s.linesRead(), s.eventsParsed(), s.linesRejected(), s.alerts(), s.incidentsOpened());
      listener.printRejected(err);
      err.flush();
      return s.alerts() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    } finally {
      rules.cancel(false); // a store that did not open leaves the rules unused
    }
  }

  /** The rules, or what loading them threw. */
  static Detector loaded(FutureTask<Detector> rules) throws Exception {
    try {
      return rules.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
