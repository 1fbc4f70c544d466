package dev.mimamori.cli;

import dev.mimamori.fim.vault.QuarantineVault;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mimamori restore ID|PATH}: put a quarantined file back byte for byte. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Put a quarantined file back where it was, byte for byte, with its mode, owner and time"
            + " (checked against its SHA-256 first).")
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "ID|PATH",
      description = "The vault entry's id, or the file's original path.")
  String idOrPath;

  @Option(
      names = "--data-dir",
      defaultValue = "./mimamori-data",
      description = "Data directory holding the vault (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--force", description = "Replace a file that is now in its place.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    QuarantineVault vault = new QuarantineVault(dataDir, Clock.systemUTC());
    out.println(QuarantineCommand.MAPPER.writeValueAsString(vault.restore(idOrPath, force)));
    out.flush();
    return ExitCodes.OK;
  }
}
