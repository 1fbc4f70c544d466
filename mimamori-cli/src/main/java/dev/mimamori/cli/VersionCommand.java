package dev.mimamori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version and exit.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("mimamori " + Version.get());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
