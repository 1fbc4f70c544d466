package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.fim.Change;
import dev.mimamori.fim.ChangeJson;
import dev.mimamori.fim.CheckStats;
import dev.mimamori.fim.FimOptions;
import dev.mimamori.fim.FimStore;
import dev.mimamori.fim.IntegrityChecker;
import dev.mimamori.fim.WalkProblem;
import dev.mimamori.incidents.notify.Sanitize;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori fim}: file integrity of web roots. */
@Command(
    name = "fim",
    mixinStandardHelpOptions = true,
    description = "File integrity of web roots: baseline, check, watch.",
    subcommands = {
      FimCommand.Baseline.class,
      FimCommand.Check.class,
      FimWatchCommand.class,
      CommandLine.HelpCommand.class
    })
final class FimCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: baseline, check or watch");
  }

  /** Options every fim command shares. */
  static final class Common {
    @Parameters(paramLabel = "ROOT", arity = "1..*", description = "Web roots (folders).")
    List<Path> roots;

    @Option(
        names = "--data-dir",
        defaultValue = "./mimamori-data",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--threads",
        description = "Hashing and scanning threads (default: the number of cores).")
    Integer threads;

    @Option(
        names = "--ignore",
        paramLabel = "GLOB",
        description = "More paths to leave alone, e.g. 'cache/' or '*.log' (repeatable).")
    List<String> ignores = new ArrayList<>();

    @Option(
        names = "--no-default-ignores",
        description = "Do not apply the application's default ignore list (EC-CUBE's var/, ...).")
    boolean noDefaultIgnores;

    FimOptions options(CommandLine.Model.CommandSpec spec) {
      for (Path root : roots) {
        if (!Files.isDirectory(root)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "not a folder: " + root);
        }
      }
      FimOptions o = FimOptions.defaults().withIgnores(!noDefaultIgnores, ignores);
      if (threads != null) {
        if (threads < 1 || threads > 256) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--threads must be 1 to 256");
        }
        o = o.withThreads(threads);
      }
      return o;
    }

    Consumer<WalkProblem> problems(PrintWriter err) {
      return p ->
          err.println(
              "skipped " + Sanitize.oneLine(p.path()) + ": " + Sanitize.oneLine(p.reason()));
    }
  }

  @Command(
      name = "baseline",
      mixinStandardHelpOptions = true,
      description =
          "Record every file under each ROOT (path, size, mode, owner, times, inode, SHA-256).")
  static final class Baseline implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      FimOptions options = common.options(spec);
      PrintWriter err = spec.commandLine().getErr();
      IntegrityChecker checker =
          new IntegrityChecker(
              new FimStore(common.dataDir), options, common.problems(err), Clock.systemUTC());
      for (Path root : common.roots) {
        CheckStats s = checker.baseline(root);
        err.printf(
            "baseline %s: %,d entries, %,d files hashed (%,d bytes), %d skipped, %.2f s%n",
            FimStore.canonical(root),
            s.entries(),
            s.hashed(),
            s.bytesHashed(),
            s.problems(),
            s.millis() / 1000.0);
      }
      err.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Report every change under each ROOT since its baseline. Exit 1 when something changed.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--json", description = "One JSON object per change.")
    boolean json;

    @Option(names = "--full", description = "Hash every file, even those that look unchanged.")
    boolean full;

    @Option(names = "--update", description = "Accept what was seen as the new baseline.")
    boolean update;

    @Option(
        names = "--rules",
        paramLabel = "DIR",
        description = "More YARA rules to scan changed files with (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-scan", description = "Do not scan the content of changed files.")
    boolean noScan;

    @Override
    public Integer call() throws Exception {
      FimOptions options = common.options(spec).withFull(full).withUpdate(update);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Scanners scanners = noScan ? Scanners.none() : Scanners.load(rules, err)) {
        options = options.withScanners(scanners.list());
        IntegrityChecker checker =
            new IntegrityChecker(
                new FimStore(common.dataDir), options, common.problems(err), Clock.systemUTC());
        ChangePrinter printer = new ChangePrinter(out, json);
        long total = 0;
        for (Path root : common.roots) {
          CheckStats s = checker.check(root, printer);
          total += s.changes();
          err.printf(
              "check %s: %,d entries, %,d files hashed, %,d changes, %d skipped, %.2f s%n",
              FimStore.canonical(root),
              s.entries(),
              s.hashed(),
              s.changes(),
              s.problems(),
              s.millis() / 1000.0);
        }
        out.flush();
        err.flush();
        return total > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
      }
    }
  }

  /** Prints changes as JSON lines or as one readable line each. */
  static final class ChangePrinter implements Consumer<Change> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PrintWriter out;
    private final boolean json;

    ChangePrinter(PrintWriter out, boolean json) {
      this.out = out;
      this.json = json;
    }

    @Override
    public synchronized void accept(Change c) {
      if (json) {
        try {
          out.println(MAPPER.writeValueAsString(ChangeJson.toMap(c)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      } else {
        out.printf(
            "%-8s %-11s %s: %s%n",
            c.severity().label(),
            c.change().label(),
            Sanitize.oneLine(c.path()),
            Sanitize.oneLine(String.join("; ", c.reasons())));
      }
      out.flush();
    }
  }
}
