package dev.mimamori.cli;

import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.server.AdminBootstrap;
import dev.mimamori.server.MimamoriRuntime;
import dev.mimamori.server.ServerConfig;
import dev.mimamori.server.syslog.SyslogConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the server: the JSON API under /api/v1, the console, and the pipeline over the watched logs.",
      "SIGTERM drains the pipeline into the store and exits."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ListenOptions listen;

  @Option(
      names = "--data-dir",
      defaultValue = "./mimamori-data",
      description = "Directory for the embedded database and state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db",
      description = {
        "Database URL instead of the embedded SQLite, e.g. postgresql://user:pass@host:5432/mimamori.",
        "MIMAMORI_DB is read when this is not given (keeps the password out of the process list)."
      })
  String db;

  @Option(
      names = "--public-url",
      description =
          "The URL users open when a TLS proxy is in front, e.g. https://soc.example.jp/;"
              + " an https URL makes session cookies Secure and turns on HSTS.")
  String publicUrl;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rule files (a file or a directory of Sigma or mimamori YAML rules) to run instead of"
              + " the built-in rules.")
  java.nio.file.@org.jspecify.annotations.Nullable Path rules;

  @Option(
      names = "--watch",
      paramLabel = "FILE",
      description =
          "A log file to follow (repeatable); read from the saved position, then as it grows.")
  List<Path> watch = new ArrayList<>();

  @Option(
      names = "--syslog-udp",
      paramLabel = "PORT",
      description = "Receive syslog (RFC 3164/5424) on this UDP port, for --tenant and --asset.")
  Integer syslogUdp;

  @Option(
      names = "--syslog-tcp",
      paramLabel = "PORT",
      description = "Receive syslog on this TCP port (octet counting or newline framing).")
  Integer syslogTcp;

  @Option(
      names = "--fim",
      paramLabel = "ROOT",
      description =
          "A web root to watch for file changes (repeatable), for --tenant and --asset: a baseline"
              + " is taken on first start; changes of medium severity and above become alerts.")
  List<Path> fim = new ArrayList<>();

  @Option(
      names = "--notify",
      paramLabel = "FILE",
      description =
          "Notification settings (JSON): channels (e-mail, webhook, Slack, Teams, LINE, Chatwork,"
              + " PagerDuty), routes, on-call schedules and the escalation policy; see"
              + " docs/RESPONSE.md. Without it, incidents are told on the console only.")
  java.nio.file.@org.jspecify.annotations.Nullable Path notify;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate chain (leaf first); needs --tls-key.")
  java.nio.file.@org.jspecify.annotations.Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key (PKCS#8, PKCS#1 or EC, unencrypted) of --tls-cert.")
  java.nio.file.@org.jspecify.annotations.Nullable Path tlsKey;

  @Option(
      names = "--tls-self-signed",
      description =
          "Serve HTTPS with a self-signed certificate made once in DATA-DIR/tls (for a first"
              + " start or a LAN; browsers will warn).")
  boolean tlsSelfSigned;

  @Option(
      names = "--http-redirect-port",
      paramLabel = "PORT",
      description = "With TLS: also listen for plain HTTP on PORT and redirect it to HTTPS.")
  @org.jspecify.annotations.Nullable
  Integer httpRedirectPort;

  @Option(
      names = "--allow-single-factor",
      description =
          "Let admins and analysts sign in with a password alone (a lab only: by default they"
              + " must enroll a TOTP second factor).")
  boolean allowSingleFactor;

  @Option(
      names = "--page-monitor-workers",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Storefront page checks run at once, each in a Chromium of its own (0 turns the page"
              + " monitor off; default: ${DEFAULT-VALUE}).")
  int pageMonitorWorkers;

  @Option(
      names = "--page-monitor-private",
      description =
          "Let page monitors browse loopback and private addresses (a lab; the cloud metadata"
              + " addresses stay refused).")
  boolean pageMonitorPrivate;

  @Option(
      names = "--agent-port",
      defaultValue = "-1",
      paramLabel = "PORT",
      description =
          "Serve agents on this port (HTTPS with client certificates from the server's agent CA;"
              + " 0: any free port; default off).")
  int agentPort;

  @Option(
      names = "--agent-name",
      paramLabel = "HOST",
      description =
          "A host name or address agents reach this server by, for the agent listener's"
              + " certificate (repeatable; localhost and 127.0.0.1 always).")
  List<String> agentNames = new ArrayList<>();

  @Option(
      names = "--agent-silent-after",
      defaultValue = "PT60S",
      paramLabel = "DURATION",
      description = "Alert when an agent sends nothing this long (default ${DEFAULT-VALUE}).")
  java.time.Duration agentSilentAfter;

  @Mixin SourceOptions source;

  @Override
  public Integer call() throws Exception {
    validate(spec, source.format);
    List<SourceSpec> sources = new ArrayList<>();
    for (Path p : watch) {
      sources.add(new SourceSpec(p, source.format, source.tenant, source.asset, true));
    }
    String database = db != null ? db : System.getenv("MIMAMORI_DB");
    try {
      ServerConfig config =
          ServerConfig.of(listen.host, listen.port, dataDir, database, sources)
              .withPublicUrl(publicUrl)
              .withRules(rules)
              .withNotify(notify)
              .withSingleFactorAllowed(allowSingleFactor)
              .withPageMonitors(
                  new ServerConfig.PageMonitors(pageMonitorWorkers, pageMonitorPrivate))
              .withAgents(new ServerConfig.Agents(agentPort, agentNames, agentSilentAfter))
              .withTls(
                  tlsCert == null && tlsKey == null && !tlsSelfSigned
                      ? null
                      : new ServerConfig.Tls(tlsCert, tlsKey, tlsSelfSigned, httpRedirectPort))
              .withFim(
                  fim.stream()
                      .map(r -> new ServerConfig.FimRoot(r, source.tenant, source.asset))
                      .toList());
      for (Path r : fim) {
        if (!java.nio.file.Files.isDirectory(r)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--fim: not a folder: " + r);
        }
      }
      if (httpRedirectPort != null && tlsCert == null && !tlsSelfSigned) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--http-redirect-port needs TLS (--tls-cert or --tls-self-signed)");
      }
      if (notify != null && !java.nio.file.Files.isRegularFile(notify)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--notify: no such file: " + notify);
      }
      if (rules != null && !java.nio.file.Files.exists(rules)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + rules);
      }
      if (syslogUdp != null || syslogTcp != null) {
        config =
            config.withSyslog(
                new SyslogConfig(
                    listen.host,
                    syslogUdp == null ? -1 : syslogUdp,
                    syslogTcp == null ? -1 : syslogTcp,
                    source.tenant,
                    source.asset));
      }
      return runServer(spec.commandLine().getOut(), config, null);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static void validate(CommandLine.Model.CommandSpec spec, String format) {
    try {
      Parsers.forFormat(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Starts everything, prints how to reach it, and blocks until the JVM is told to stop. */
  static int runServer(PrintWriter out, ServerConfig config, Runnable afterStart)
      throws InterruptedException {
    String host = config.host();
    String db = config.db();
    Path dataDir = config.dataDir();
    MimamoriRuntime rt =
        MimamoriRuntime.start(config, Clock.systemUTC(), System.getenv(AdminBootstrap.ENV));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  rt.close();
                  stopped.countDown();
                },
                "mimamori-shutdown"));
    String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    String url =
        (config.tls() == null ? "http://" : "https://")
            + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost)
            + ":"
            + rt.port()
            + "/";
    out.println("mimamori is running.");
    out.println("  console: " + url);
    if (rt.agentPort() > 0) {
      out.println(
          "  agents:  https://"
              + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost)
              + ":"
              + rt.agentPort());
    }
    out.println("  API:     " + url + "api/v1  (POST /api/v1/tokens to get a token)");
    out.println(
        "  data:    " + (db == null ? dataDir.toAbsolutePath().normalize() : "external database"));
    if (rt.generatedAdminPassword().isPresent()) {
      out.println("  log in as 'admin' with password: " + rt.generatedAdminPassword().get());
      out.println("  (shown only this once; set " + AdminBootstrap.ENV + " to choose it instead)");
    } else if (System.getenv(AdminBootstrap.ENV) != null) {
      out.println("  log in as 'admin' with the password in " + AdminBootstrap.ENV);
    } else {
      out.println(
          "  log in as 'admin' with the password printed on first start (or set "
              + AdminBootstrap.ENV
              + ")");
    }
    out.flush();
    if (afterStart != null) {
      afterStart.run();
    }
    stopped.await();
    return ExitCodes.OK;
  }
}
