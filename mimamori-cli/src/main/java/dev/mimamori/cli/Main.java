package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mimamori}: watch over web shops. */
@Command(
    name = "mimamori",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Security monitoring and response for web shops.",
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
    return commandLine(args).execute(args);
  }

  /**
   * The commands, in the order help lists them. Building picocli's model of a command costs
   * reflection over all its options; building all of them took half a second of every start, so a
   * command line that names one builds only that one (help and errors still see them all).
   */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("version", VersionCommand::new);
    m.put("serve", ServeCommand::new);
    m.put("demo", DemoCommand::new);
    m.put("analyze", AnalyzeCommand::new);
    m.put("ingest", IngestCommand::new);
    m.put("events", EventsCommand::new);
    m.put("keys", KeysCommand::new);
    m.put("detect", DetectCommand::new);
    m.put("evaluate", EvaluateCommand::new);
    m.put("rules", RulesCommand::new);
    m.put("fim", FimCommand::new);
    m.put("quarantine", QuarantineCommand::new);
    m.put("restore", RestoreCommand::new);
    m.put("allowlist", AllowlistCommand::new);
    m.put("evaluate-files", EvaluateFilesCommand::new);
    m.put("scan", ScanCommand::new);
    m.put("page", PageCommand::new);
    m.put("vuln", VulnCommand::new);
    m.put("uptime", UptimeCommand::new);
    m.put("agent", AgentCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** Every command: for help, usage errors and tests. */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    Supplier<Object> only = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (only != null && !"help".equals(args[0])) {
      cl.addSubcommand(args[0], only.get());
    } else {
      COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
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
