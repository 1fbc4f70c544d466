package dev.mimamori.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.archive.EventArchive;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.incidents.oncall.AckLinks;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.model.Severity;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.PipelineListener;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.scan.heuristics.HeuristicScanner;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.server.fim.FimService;
import dev.mimamori.server.notify.AckKey;
import dev.mimamori.server.notify.ChannelInfo;
import dev.mimamori.server.notify.EscalationTicker;
import dev.mimamori.server.notify.NotifyOverview;
import dev.mimamori.server.notify.NotifySettings;
import dev.mimamori.server.notify.OutboxDispatcher;
import dev.mimamori.server.notify.RoutingPlanner;
import dev.mimamori.server.report.ReportBuilder;
import dev.mimamori.server.report.ReportFeed;
import dev.mimamori.server.report.ReportFeeds;
import dev.mimamori.server.report.ReportFonts;
import dev.mimamori.server.report.ReportRenderer;
import dev.mimamori.server.report.ReportScheduler;
import dev.mimamori.server.report.ReportService;
import dev.mimamori.server.report.ReportSettings;
import dev.mimamori.server.respond.ResponseService;
import dev.mimamori.server.respond.ResponseSettings;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.rules.RuleWatcher;
import dev.mimamori.server.storefront.FlowSecrets;
import dev.mimamori.server.storefront.PageMonitorCheck;
import dev.mimamori.server.storefront.PageMonitorScheduler;
import dev.mimamori.server.storefront.PageVisitor;
import dev.mimamori.server.storefront.StorefrontService;
import dev.mimamori.server.syslog.SyslogListener;
import dev.mimamori.server.web.MetricsRoutes;
import dev.mimamori.server.web.TlsMaterial;
import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.Store;
import dev.mimamori.storefront.PageVisit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mimamori: the store, the pipeline fed by the configured sources, and the HTTP server.
 * {@link #close()} stops intake, drains what was read into the store, then closes everything; it is
 * what SIGTERM runs.
 */
public final class MimamoriRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MimamoriRuntime.class);
  private static final int MAX_REJECTION_LOGS = 20;

  /** A change to the rules directory is reloaded once nothing has changed for this long. */
  static final Duration RULES_QUIET = Duration.ofMillis(500);

  private final Store store;
  private final EventArchive archive;
  private final Pipeline pipeline;
  private final HttpServer http;
  private final Optional<String> generatedPassword;
  private final RuleService rules;
  private @Nullable RuleWatcher ruleWatcher;
  private @Nullable FimService fim;
  private volatile boolean closed;
  private @Nullable SyslogListener syslog;
  private @Nullable OutboxDispatcher dispatcher;
  private @Nullable EscalationTicker ticker;
  private java.util.concurrent.@Nullable ScheduledExecutorService vulnTicker;
  private @Nullable ResponseService responses;
  private @Nullable ReportScheduler reportScheduler;
  private dev.mimamori.server.uptime.@Nullable UptimeService uptime;
  private @Nullable ReportService reports;
  private @Nullable PageMonitorScheduler pageMonitors;

  /** How often the page monitor looks for due checks. */
  static final long PAGE_MONITOR_TICK_MILLIS = 5000;

  /** The token Prometheus sends to read {@code /metrics}. */
  public static final String METRICS_TOKEN_ENV = "MIMAMORI_METRICS_TOKEN";

  /** How often the report schedule looks whether a month's reports are due. */
  static final long REPORT_TICK_MILLIS = 60_000;

  /** How often the escalation ticker looks for due steps. */
  static final long ESCALATION_TICK_MILLIS = 5000;

  private MimamoriRuntime(
      Store store,
      EventArchive archive,
      Pipeline pipeline,
      HttpServer http,
      Optional<String> pw,
      RuleService rules) {
    this.store = store;
    this.rules = rules;
    this.archive = archive;
    this.pipeline = pipeline;
    this.http = http;
    this.generatedPassword = pw;
  }

  /** Opens the store, makes the first admin, starts the pipeline and the server. */
  public static MimamoriRuntime start(
      ServerConfig config, Clock clock, @Nullable String adminPassword) {
    Store store = Store.open(DatabaseConfig.parse(config.db(), config.dataDir()), clock);
    EventArchive archive = new EventArchive(config.dataDir().resolve("archive"));
    // What has started so far, closed in reverse if a later step fails.
    java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();
    try {
      archive.enforceRetention(clock.instant(), config.archiveRetention(), Long.MAX_VALUE);
      Optional<String> generated = AdminBootstrap.ensureAdmin(store, adminPassword);
      for (SourceSpec s : config.sources()) {
        store.tenants().ensure(s.tenant(), s.tenant());
      }
      RuleFiles rules = RuleFiles.withBuiltins(config.rules());
      for (var e : rules.errors()) {
        LOG.warn("rule file not loaded: {}", Sanitize.oneLine(e.toString()));
      }
      RuleService ruleService = new RuleService(config.rules(), rules, store, clock);
      Detector detector = ruleService.detector();
      JsonNode responseFile =
          config.notifyFile() == null
              ? null
              : NotifySettings.readRoot(
                  Files.readString(config.notifyFile(), StandardCharsets.UTF_8), System::getenv);
      NotifySettings notify =
          responseFile == null
              ? NotifySettings.consoleOnly()
              : NotifySettings.fromRoot(responseFile);
      DecisionList decisions = new DecisionList(clock);
      RoutingPlanner planner = new RoutingPlanner(notify.routes(), clock);
      IncidentCorrelator correlator =
          new IncidentCorrelator(store.incidents(), config.correlationWindow())
              .withPlanner(planner);
      AckLinks links =
          new AckLinks(AckKey.load(config.dataDir(), System.getenv(AckKey.ENV)), clock);
      if (config.publicUrl() != null) {
        try {
          AckLinks.url(config.publicUrl(), "check");
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "--public-url cannot carry acknowledgement links: " + e.getMessage(), e);
        }
      }
      ReportService reports =
          new ReportService(
              store,
              new ReportBuilder(
                  store,
                  new ReportFeeds(
                      ReportFeed.NONE,
                      ReportFeed.NONE,
                      new dev.mimamori.server.vuln.VulnReportFeed(
                          new dev.mimamori.server.vuln.VulnService(
                              store, clock, dev.mimamori.server.vuln.AlertSubmitter.NONE),
                          clock)),
                  clock),
              new ReportRenderer(new RuleLoader().builtinJapaneseTitles(), ReportFonts.find()),
              ReportSettings.fromRoot(responseFile, notify.channels()),
              clock);
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(store, notify.channels(), notify.delivery(), clock, reports).start();
      started.push(dispatcher);
      ReportScheduler reportScheduler = null;
      if (!reports.settings().recipients().isEmpty()) {
        reportScheduler =
            new ReportScheduler(store, reports, clock, dispatcher::poke).start(REPORT_TICK_MILLIS);
        started.push(reportScheduler);
      }
      if (ReportFonts.find().isEmpty()) {
        LOG.warn("Japanese PDF reports cannot be made: {}", ReportFonts.missingMessage());
      }
      EscalationTicker ticker =
          notify.escalation() == null || notify.onCall() == null
              ? null
              : new EscalationTicker(
                      store,
                      notify.escalation(),
                      notify.onCall(),
                      links,
                      config.publicUrl(),
                      clock,
                      dispatcher::poke)
                  .start(ESCALATION_TICK_MILLIS);
      if (ticker != null) {
        started.push(ticker);
      }
      IncidentLifecycle lifecycle = new IncidentLifecycle(store, planner, clock);
      dev.mimamori.server.agent.AgentCommands agentCommands =
          new dev.mimamori.server.agent.AgentCommands(store, lifecycle, clock);
      ResponseSettings responseSettings =
          responseFile == null
              ? ResponseSettings.none()
              : ResponseSettings.parse(responseFile, decisions, agentCommands);
      ResponseService responses =
          new ResponseService(responseSettings, decisions, lifecycle, store.actions(), clock);
      started.push(responses);
      Pipeline pipeline =
          new Pipeline(
              detector,
              correlator,
              store.checkpoints(),
              List.of(),
              rejectionLogger(dispatcher::poke, ticker, responses),
              config.queueCapacity(),
              archive);
      started.push(() -> pipeline.close(Duration.ofSeconds(6)));
      ruleService.sendDetectorsTo(pipeline::replaceDetector);
      LineIngestor ingestor =
          (tenant, asset, format, lines) ->
              pipeline.submit(
                  new SourceSpec(
                      java.nio.file.Path.of("/http-ingest", asset), format, tenant, asset, false),
                  lines,
                  Duration.ofSeconds(30));
      dev.mimamori.server.account.SecretBox secretBox =
          dev.mimamori.server.account.SecretBox.open(
              config.dataDir(), System.getenv(dev.mimamori.server.account.SecretBox.ENV));
      FlowSecrets flowSecrets = new FlowSecrets(secretBox);
      dev.mimamori.server.vuln.VulnService vulns =
          new dev.mimamori.server.vuln.VulnService(store, clock, pipeline::submitAlert);
      // Advisories are imported from the command line into the same database: look for new
      // ones every minute and alert the sites they newly apply to.
      java.util.concurrent.ScheduledExecutorService vulnTicker =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "mimamori-vuln");
                t.setDaemon(true);
                return t;
              });
      vulnTicker.scheduleWithFixedDelay(
          () -> {
            try {
              vulns.checkAll();
            } catch (RuntimeException e) {
              LOG.warn("vulnerability check failed: {}", e.toString());
            }
          },
          5,
          60,
          java.util.concurrent.TimeUnit.SECONDS);
      started.push(vulnTicker::shutdownNow);
      java.util.Set<Integer> ownPorts = new java.util.HashSet<>();
      ownPorts.add(config.port());
      if (config.agents().port() > 0) {
        ownPorts.add(config.agents().port());
      }
      if (config.tls() != null && config.tls().redirectPort() != null) {
        ownPorts.add(config.tls().redirectPort());
      }
      if (config.syslog() != null) {
        // A monitor aimed at the syslog listener would write lines into its tenant's stream.
        for (int p : new int[] {config.syslog().udpPort(), config.syslog().tcpPort()}) {
          if (p > 0) {
            ownPorts.add(p);
          }
        }
      }
      dev.mimamori.server.uptime.UptimeService uptime =
          new dev.mimamori.server.uptime.UptimeService(
              store, ingestor, clock, ownPorts, config.pageMonitors().privateTargets());
      started.push(uptime);
      dev.mimamori.server.agent.AgentService agents = null;
      dev.mimamori.server.agent.AgentCa agentCa = null;
      if (config.agents().enabled()) {
        agentCa = dev.mimamori.server.agent.AgentCa.open(config.dataDir(), secretBox, clock);
        agents =
            new dev.mimamori.server.agent.AgentService(
                store,
                agentCa,
                (source, lines) -> pipeline.submitPositioned(source, lines, Duration.ofSeconds(30)),
                new dev.mimamori.server.agent.AgentService.AlertSink() {
                  @Override
                  public boolean submit(dev.mimamori.model.Alert alert)
                      throws InterruptedException {
                    return pipeline.submitAlert(alert);
                  }

                  @Override
                  public boolean flush() throws InterruptedException {
                    return pipeline.flush(Duration.ofSeconds(30));
                  }
                },
                clock,
                config.agents().silentAfter(),
                agentCommands);
      }
      HttpServer http =
          new HttpServer(
              store,
              archive,
              clock,
              pipeline::stats,
              pipeline::healthy,
              config.tls() != null
                  || (config.publicUrl() != null && config.publicUrl().startsWith("https://")),
              ingestor,
              ruleService,
              lifecycle,
              () -> {
                if (ticker != null) {
                  ticker.poke();
                }
                dispatcher.poke();
              },
              links,
              responses,
              new MetricsRoutes(store, () -> pipeline, System.getenv(METRICS_TOKEN_ENV)),
              new dev.mimamori.server.account.SecondFactor(
                  store, secretBox, clock, !config.singleFactorAllowed()),
              new NotifyOverview(notify, ChannelInfo.fromRoot(responseFile)),
              reports,
              new StorefrontService(
                  store,
                  new dev.mimamori.server.tenancy.TenancyService(store),
                  flowSecrets,
                  config.pageMonitors().privateTargets()),
              vulns,
              uptime,
              agents);
      if (agentCa != null) {
        java.util.List<String> names = new java.util.ArrayList<>(config.agents().names());
        for (String n : java.util.List.of("localhost", "127.0.0.1", "::1", config.host())) {
          if (!n.isBlank() && !n.equals("0.0.0.0") && !names.contains(n)) {
            names.add(n);
          }
        }
        http.withAgentListener(
            new HttpServer.AgentListener(
                config.host(), config.agents().port(), agentCa.listener(names)));
      }
      if (config.singleFactorAllowed()) {
        LOG.warn("--allow-single-factor: admins and analysts may sign in without a second factor");
      }
      if (config.tls() == null) {
        http.start(config.host(), config.port());
      } else {
        ServerConfig.Tls t = config.tls();
        TlsMaterial material =
            t.selfSigned()
                ? TlsMaterial.selfSigned(config.dataDir().resolve("tls"), config.host())
                : TlsMaterial.fromPem(t.certFile(), t.keyFile());
        http.start(config.host(), config.port(), material, t.redirectPort());
      }
      started.push(http);
      if (agents != null) {
        LOG.info("agent listener on https://{}:{}", config.host(), http.agentPort());
        dev.mimamori.server.agent.AgentService watched = agents;
        java.util.concurrent.ScheduledExecutorService agentTicker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "mimamori-agent-silence");
                  t.setDaemon(true);
                  return t;
                });
        long every = Math.max(1, Math.min(10, config.agents().silentAfter().toSeconds() / 3));
        agentTicker.scheduleWithFixedDelay(
            () -> {
              try {
                watched.checkSilence();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warn("agent silence check failed: {}", e.toString());
              }
            },
            every,
            every,
            java.util.concurrent.TimeUnit.SECONDS);
        started.push(agentTicker::shutdownNow);
      }
      PageMonitorScheduler pageMonitors =
          startPageMonitors(config, store, flowSecrets, ingestor, http.port(), clock);
      if (pageMonitors != null) {
        started.push(pageMonitors);
      }
      SyslogListener syslog = null;
      if (config.syslog() != null) {
        store.tenants().ensure(config.syslog().tenant(), config.syslog().tenant());
        syslog = new SyslogListener(config.syslog(), pipeline);
        started.push(syslog);
      }
      MimamoriRuntime rt =
          new MimamoriRuntime(store, archive, pipeline, http, generated, ruleService);
      rt.syslog = syslog;
      rt.dispatcher = dispatcher;
      rt.responses = responses;
      rt.ticker = ticker;
      rt.vulnTicker = vulnTicker;
      rt.reportScheduler = reportScheduler;
      rt.uptime = uptime;
      uptime.listeningOn(http.port());
      // After the HTTP server is up: its port is known, and a monitor of this shop's own pages
      // finds them answering.
      uptime.reload();
      rt.reports = reports;
      rt.pageMonitors = pageMonitors;
      rt.ruleWatcher = watchRules(config.rules(), ruleService);
      for (SourceSpec s : config.sources()) {
        pipeline.addSource(s);
      }
      for (ServerConfig.FimRoot r : config.fim()) {
        store.tenants().ensure(r.tenant(), r.tenant());
      }
      rt.fim =
          FimService.start(
              config.fim(),
              config.dataDir(),
              pipeline,
              List.of(new HeuristicScanner()),
              Severity.MEDIUM,
              clock);
      return rt;
    } catch (IOException | RuntimeException e) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception closing) {
          LOG.warn("stopping after a failed start: {}", closing.toString());
        }
      }
      closeQuietly(archive);
      store.close();
      throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((IOException) e);
    }
  }

  /**
   * The storefront page monitor, when it has workers and Chromium is installed. Its browsers may
   * not reach this server itself (nor, always, the cloud metadata addresses).
   */
  private static @Nullable PageMonitorScheduler startPageMonitors(
      ServerConfig config,
      Store store,
      FlowSecrets secrets,
      LineIngestor ingestor,
      int port,
      Clock clock) {
    int workers = config.pageMonitors().workers();
    if (workers == 0) {
      return null;
    }
    if (!dev.mimamori.storefront.Chromium.available()) {
      LOG.warn(
          "storefront page monitors will not run: needs /usr/bin/chromium and chromium-driver");
      return null;
    }
    List<String> self = ownAddresses(config, port);
    PageVisit.Limits limits =
        PageVisit.Limits.of(Duration.ofSeconds(30), Duration.ofSeconds(2)).blocking(self);
    PageMonitorCheck check =
        new PageMonitorCheck(store, PageVisitor.CHROMIUM, secrets, ingestor, limits, clock);
    return new PageMonitorScheduler(store, check, clock, workers).start(PAGE_MONITOR_TICK_MILLIS);
  }

  /**
   * Chromium URL patterns for this server itself: every address it answers on (all of the host's
   * addresses when it listens on a wildcard) at its port and its HTTP redirect port, and the public
   * URL's host.
   */
  static List<String> ownAddresses(ServerConfig config, int port) {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    hosts.add("127.0.0.1");
    hosts.add("localhost");
    hosts.add("[::1]");
    String listen = config.host();
    if (listen.equals("0.0.0.0") || listen.equals("::") || listen.equals("[::]")) {
      try {
        for (java.net.NetworkInterface ni :
            java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
          for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
            String h = a.getHostAddress().replaceAll("%.*$", "");
            hosts.add(a instanceof java.net.Inet6Address ? "[" + h + "]" : h);
          }
        }
      } catch (java.net.SocketException e) {
        LOG.warn(
            "cannot list this host's addresses for the page monitor's blocklist: {}", e.toString());
      }
    } else {
      hosts.add(listen.contains(":") && !listen.startsWith("[") ? "[" + listen + "]" : listen);
    }
    if (config.publicUrl() != null) {
      String h = java.net.URI.create(config.publicUrl()).getHost();
      if (h != null) {
        hosts.add(h);
      }
    }
    java.util.Set<Integer> ports = new java.util.LinkedHashSet<>(List.of(port));
    if (config.tls() != null && config.tls().redirectPort() != null) {
      ports.add(config.tls().redirectPort());
    }
    List<String> out = new java.util.ArrayList<>();
    for (String h : hosts) {
      for (int p : ports) {
        out.add("*://" + h + ":" + p + "/*");
      }
      if (config.publicUrl() != null
          && h.equals(java.net.URI.create(config.publicUrl()).getHost())) {
        out.add("*://" + h + "/*"); // behind a proxy on 443 or 80
      }
    }
    return List.copyOf(out);
  }

  /** The storefront page monitor, when it runs. */
  public Optional<PageMonitorScheduler> pageMonitors() {
    return Optional.ofNullable(pageMonitors);
  }

  /** Reloads the rules directory when its files change; without a watch, the API still can. */
  private static @Nullable RuleWatcher watchRules(@Nullable Path dir, RuleService rules) {
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try {
      return RuleWatcher.start(dir, RULES_QUIET, () -> rules.reload("watch"));
    } catch (IOException | RuntimeException e) {
      LOG.warn("not watching {} for changes ({}); reload with POST /api/v1/rules/reload", dir, e);
      return null;
    }
  }

  private static PipelineListener rejectionLogger(
      Runnable outboxChanged, @Nullable EscalationTicker ticker, ResponseService responses) {
    AtomicLong logged = new AtomicLong();
    return new PipelineListener() {
      @Override
      public void correlated(Correlation c) {
        responses.onCorrelation(c);
        if (c.notable()) {
          outboxChanged.run();
          if (ticker != null) {
            ticker.poke();
          }
        }
      }

      @Override
      public void rejected(SourceSpec source, ParseResult.Rejected r) {
        if (logged.incrementAndGet() <= MAX_REJECTION_LOGS) {
          LOG.warn(
              "{} line {}: not parsed: {}",
              source.path(),
              r.lineNumber(),
              Sanitize.oneLine(r.reason()));
        }
      }
    };
  }

  private static void closeQuietly(EventArchive archive) {
    try {
      archive.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the archive: {}", e.toString());
    }
  }

  /** The syslog listener, when syslog is received. */
  public Optional<SyslogListener> syslog() {
    return Optional.ofNullable(syslog);
  }

  public EventArchive archive() {
    return archive;
  }

  public Store store() {
    return store;
  }

  /** The rules running and their tuning. */
  public RuleService rules() {
    return rules;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** The notification dispatcher. */
  public Optional<OutboxDispatcher> dispatcher() {
    return Optional.ofNullable(dispatcher);
  }

  /** The response actions and CrowdSec decisions. */
  public Optional<ResponseService> responses() {
    return Optional.ofNullable(responses);
  }

  /** The monthly report schedule, when the response file names report recipients. */
  public Optional<ReportScheduler> reportScheduler() {
    return Optional.ofNullable(reportScheduler);
  }

  /** Monthly reports. */
  public ReportService reports() {
    return java.util.Objects.requireNonNull(reports, "reports");
  }

  /** The escalation ticker, when an escalation policy is set. */
  public Optional<EscalationTicker> escalation() {
    return Optional.ofNullable(ticker);
  }

  public int port() {
    return http.port();
  }

  /** The agent listener's port, or -1 when it is off. */
  public int agentPort() {
    return http.agentPort();
  }

  /** Every HTTP route the server answers. */
  public List<String> routes() {
    return http.routes();
  }

  /** The admin password made on this first start, to print once. */
  public Optional<String> generatedAdminPassword() {
    return generatedPassword;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (uptime != null) {
      uptime.close();
    }
    if (ruleWatcher != null) {
      ruleWatcher.close();
    }
    if (fim != null) {
      fim.close();
    }
    if (syslog != null) {
      syslog.close();
    }
    try {
      http.close();
    } catch (RuntimeException e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
    if (vulnTicker != null) {
      vulnTicker.shutdownNow();
    }
    pipeline.close(Duration.ofSeconds(6));
    if (ticker != null) {
      ticker.close();
    }
    if (reportScheduler != null) {
      reportScheduler.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (responses != null) {
      responses.close();
    }
    closeQuietly(archive);
    store.close();
  }
}
