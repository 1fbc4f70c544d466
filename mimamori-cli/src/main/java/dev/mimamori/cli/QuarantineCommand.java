package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.fim.vault.Evidence;
import dev.mimamori.fim.vault.QuarantineVault;
import dev.mimamori.incidents.notify.Sanitize;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori quarantine FILE...}: move suspicious files into the encrypted vault. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description =
        "Move each FILE out of the web root into the encrypted vault, keeping evidence (hash,"
            + " original path, mode, owner, time, who). Prints one JSON object per file.")
final class QuarantineCommand implements Callable<Integer> {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to quarantine.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--data-dir",
      defaultValue = "./mimamori-data",
      description = "Data directory holding the vault (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--stub", description = "Leave an inert stub in the file's place.")
  boolean stub;

  @Option(names = "--reason", defaultValue = "", description = "Why, for the evidence.")
  String reason;

  @Option(names = "--by", description = "Who, for the evidence (default: the OS user).")
  String by;

  @Option(names = "--list", description = "List what the vault holds instead.")
  boolean list;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    QuarantineVault vault = new QuarantineVault(dataDir, Clock.systemUTC());
    if (list) {
      for (Evidence e : vault.list()) {
        out.println(MAPPER.writeValueAsString(e));
      }
      out.flush();
      return ExitCodes.OK;
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give at least one FILE (or --list)");
    }
    String who = by != null ? by : System.getProperty("user.name", "unknown");
    int failed = 0;
    for (Path f : files) {
      try {
        out.println(MAPPER.writeValueAsString(vault.quarantine(f, who, reason, stub)));
      } catch (IOException e) {
        failed++;
        err.println(
            "not quarantined: "
                + Sanitize.oneLine(f.toString())
                + ": "
                + Sanitize.oneLine(String.valueOf(e.getMessage())));
      }
    }
    out.flush();
    err.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
