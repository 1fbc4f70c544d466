package dev.mimamori.cli;

import dev.mimamori.agent.Agent;
import dev.mimamori.agent.AgentOptions;
import dev.mimamori.agent.DiskBuffer;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.sensors.parse.Parsers;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mimamori agent}: run beside a shop and ship to the central server. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run as an agent beside a shop, shipping to a central mimamori server.",
    subcommands = {AgentCommand.Run.class})
final class AgentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: run");
  }

  /** {@code mimamori agent run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Enroll once (with --enroll-token), then tail the logs the server's configuration and"
              + " --watch-log name (and the web roots of --watch-root) into a bounded buffer in the state directory and ship them to"
              + " the server over mutual TLS. Runs until SIGTERM or Ctrl-C; a restart resumes.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--server",
        required = true,
        paramLabel = "URL",
        description = "The server's agent listener, https://HOST:PORT (serve --agent-port).")
    String server;

    @Option(
        names = "--enroll-token",
        paramLabel = "TOKEN",
        description =
            "The enroll_token from POST /api/v1/agents/enrollment-tokens (or the console); needed"
                + " only the first time. It names the server's CA, so nothing is sent to a"
                + " server that is not it.")
    String enrollToken;

    @Option(
        names = "--state-dir",
        required = true,
        paramLabel = "DIR",
        description = "The agent's identity, buffer and checkpoints (keep it; 0700).")
    Path stateDir;

    @Option(
        names = "--watch-log",
        paramLabel = "PATH[:FORMAT]",
        description =
            "A log file or glob to tail, with its format (default auto); adds to the server's"
                + " configuration (repeatable).")
    List<String> watchLogs = new ArrayList<>();

    @Option(
        names = "--watch-root",
        paramLabel = "PATH",
        description =
            "A web root to watch for file changes (a baseline first, then every change within"
                + " seconds); adds to the server's configuration (repeatable).")
    List<Path> watchRoots = new ArrayList<>();

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "A local configuration (YAML or JSON: logs with path and format, roots) that adds to"
                + " the server's, for bootstrapping or what only this host has.")
    Path configFile;

    @Option(
        names = "--buffer-max",
        defaultValue = "256m",
        paramLabel = "SIZE",
        description = "The buffer's size limit, e.g. 64m, 1g (default ${DEFAULT-VALUE}).")
    String bufferMax;

    @Option(
        names = "--buffer-full",
        defaultValue = "block",
        paramLabel = "POLICY",
        description =
            "When the buffer is full: block (stop reading until the server takes data; the"
                + " default) or drop-oldest (drop the oldest buffered lines, counted and alerted).")
    String bufferFull;

    @Option(
        names = "--actions",
        paramLabel = "FILE",
        description =
            "The response actions this host lets the server run through the agent, with their"
                + " settings (YAML or JSON: quarantine-file, nftables-block, nginx-deny,"
                + " nginx-page-down, eccube-maintenance, eccube-admin-disable). Without it every"
                + " command of the server is refused.")
    Path actionsFile;

    @Option(
        names = "--heartbeat",
        defaultValue = "0",
        paramLabel = "SECONDS",
        description = "Report health this often (default: the server's setting, 10 s).")
    int heartbeat;

    @Override
    public Integer call() throws Exception {
      List<AgentConfig.WatchedLog> logs;
      List<Path> roots =
          new ArrayList<>(watchRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList());
      try {
        logs = new ArrayList<>(logs());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (configFile != null) {
        try {
          dev.mimamori.agent.AgentConfigFile.Local local =
              dev.mimamori.agent.AgentConfigFile.read(configFile);
          logs.addAll(local.logs());
          roots.addAll(local.roots());
        } catch (java.io.IOException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--config: " + e.getMessage());
        }
      }
      AgentOptions options;
      try {
        options =
            new AgentOptions(
                URI.create(server),
                enrollToken,
                stateDir,
                logs,
                size(bufferMax),
                policy(bufferFull),
                heartbeat,
                Version.get(),
                roots,
                actionsFile == null
                    ? dev.mimamori.agent.LocalActions.none()
                    : dev.mimamori.agent.LocalActions.load(actionsFile, stateDir));
        if (enrollToken != null) {
          AgentOptions.splitToken(enrollToken);
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter err = spec.commandLine().getErr();
      Agent agent;
      try {
        agent = Agent.start(options);
      } catch (java.io.IOException e) {
        err.println("mimamori agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        err.flush();
        return ExitCodes.FAILURE;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    agent.close();
                    stopped.countDown();
                  },
                  "mimamori-agent-stop"));
      err.println("mimamori agent " + agent.id() + " running; shipping to " + server);
      err.flush();
      stopped.await();
      return ExitCodes.OK;
    }

    private List<AgentConfig.WatchedLog> logs() {
      List<AgentConfig.WatchedLog> out = new ArrayList<>();
      for (String w : watchLogs) {
        int colon = w.lastIndexOf(':');
        String path = colon > 0 ? w.substring(0, colon) : w;
        String format = colon > 0 ? w.substring(colon + 1) : "auto";
        Parsers.forFormat(format);
        out.add(new AgentConfig.WatchedLog(Path.of(path).toAbsolutePath().toString(), format));
      }
      return out;
    }

    static long size(String s) {
      String t = s.strip().toLowerCase(java.util.Locale.ROOT);
      long unit = 1;
      if (t.endsWith("k")) {
        unit = 1024;
      } else if (t.endsWith("m")) {
        unit = 1024 * 1024;
      } else if (t.endsWith("g")) {
        unit = 1024L * 1024 * 1024;
      }
      String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
      try {
        return Math.multiplyExact(Long.parseLong(digits), unit);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "--buffer-max: a size such as 64m or 1g (got " + s + ")");
      }
    }

    static DiskBuffer.FullPolicy policy(String s) {
      return switch (s) {
        case "block" -> DiskBuffer.FullPolicy.BLOCK;
        case "drop-oldest" -> DiskBuffer.FullPolicy.DROP_OLDEST;
        default ->
            throw new IllegalArgumentException(
                "--buffer-full: block or drop-oldest (got " + s + ")");
      };
    }
  }
}
