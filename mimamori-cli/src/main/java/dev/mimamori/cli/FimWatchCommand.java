package dev.mimamori.cli;

import dev.mimamori.fim.FimOptions;
import dev.mimamori.fim.FimStore;
import dev.mimamori.fim.FimWatcher;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mimamori fim watch}: report changes under web roots as they happen. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Watch each ROOT in real time (inotify) and report every change within seconds; takes a"
            + " baseline first when there is none. Stops on Ctrl-C or SIGTERM.")
final class FimWatchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin FimCommand.Common common = new FimCommand.Common();

  @Option(names = "--json", description = "One JSON object per change.")
  boolean json;

  @Option(
      names = "--debounce",
      defaultValue = "PT0.5S",
      description = "Quiet time before a check (ISO-8601 duration, default ${DEFAULT-VALUE}).")
  Duration debounce;

  @Option(
      names = "--rescan",
      defaultValue = "PT10M",
      description = "Check this often even without events (default ${DEFAULT-VALUE}).")
  Duration rescan;

  @Option(
      names = "--full-every",
      defaultValue = "PT24H",
      description = "Re-hash every file this often (default ${DEFAULT-VALUE}).")
  Duration fullEvery;

  @Option(names = "--rules", paramLabel = "DIR", description = "More YARA rules (repeatable).")
  List<java.nio.file.Path> rules = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (debounce.isNegative() || rescan.isNegative() || rescan.isZero() || fullEvery.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "durations must be positive");
    }
    FimOptions options = common.options(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Scanners scanners = Scanners.load(rules, err);
        FimWatcher watcher =
            new FimWatcher(
                common.roots,
                new FimStore(common.dataDir),
                options.withScanners(scanners.list()),
                debounce,
                debounce.multipliedBy(4).plusSeconds(1),
                rescan,
                fullEvery,
                common.problems(err),
                Clock.systemUTC())) {
      Thread hook = new Thread(() -> closeQuietly(watcher), "mimamori-fim-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      err.println("watching " + common.roots.size() + " root(s); Ctrl-C stops");
      err.flush();
      watcher.run(new FimCommand.ChangePrinter(out, json));
      return ExitCodes.OK;
    }
  }

  private static void closeQuietly(FimWatcher watcher) {
    try {
      watcher.close();
    } catch (java.io.IOException e) {
      // Stopping anyway.
    }
  }
}
