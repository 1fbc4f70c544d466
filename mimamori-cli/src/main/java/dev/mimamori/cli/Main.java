package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mimamori}: watch over web shops. */
@Command(
    name = "mimamori",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Security monitoring and response for web shops.",
    subcommands = {
      VersionCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      AnalyzeCommand.class,
      IngestCommand.class,
      EventsCommand.class,
      KeysCommand.class,
      DetectCommand.class,
      EvaluateCommand.class,
      RulesCommand.class,
      FimCommand.class,
      QuarantineCommand.class,
      RestoreCommand.class,
      AllowlistCommand.class,
      EvaluateFilesCommand.class,
      ScanCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:findings (where a command reports them)",
      "2:usage error",
      "3:failure"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("mimamori: " + oneLine(ex));
          return ExitCodes.FAILURE;
        });
    return cl;
  }

  private static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    return m == null ? ex.getClass().getSimpleName() : Sanitize.oneLine(m);
  }

  /** Reports the build's version for {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mimamori " + Version.get()};
    }
  }
}
