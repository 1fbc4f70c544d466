package dev.mimamori.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mimamori.archive.EventArchive;
import dev.mimamori.incidents.oncall.AckLinks;
import dev.mimamori.pipeline.PipelineStats;
import dev.mimamori.server.api.ActionRoutes;
import dev.mimamori.server.api.ApiRoutes;
import dev.mimamori.server.api.AuditRoutes;
import dev.mimamori.server.api.ElasticsearchRoutes;
import dev.mimamori.server.api.IncidentRoutes;
import dev.mimamori.server.api.IngestRoutes;
import dev.mimamori.server.api.ReportRoutes;
import dev.mimamori.server.api.ShipperAuth;
import dev.mimamori.server.api.TenancyRoutes;
import dev.mimamori.server.api.TuningChanges;
import dev.mimamori.server.api.TuningRoutes;
import dev.mimamori.server.console.ConsoleAdminRoutes;
import dev.mimamori.server.console.ConsoleRoutes;
import dev.mimamori.server.console.SessionManager;
import dev.mimamori.server.crowdsec.CrowdSecLapiRoutes;
import dev.mimamori.server.notify.AckRoutes;
import dev.mimamori.server.notify.NotifyOverview;
import dev.mimamori.server.report.ReportService;
import dev.mimamori.server.respond.ResponseService;
import dev.mimamori.server.rules.RuleService;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.server.web.AuditTrail;
import dev.mimamori.server.web.LoginThrottle;
import dev.mimamori.server.web.MetricsRoutes;
import dev.mimamori.server.web.PasswordLogin;
import dev.mimamori.server.web.SecurityHeaders;
import dev.mimamori.server.web.TlsMaterial;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP front end: health, the JSON API and the console, over one {@link Store}. */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /** Nothing the API takes is larger; bigger bodies get 413 before they are read. */
  public static final long MAX_REQUEST_BYTES = 64 * 1024;

  private final Javalin app;
  private volatile java.util.function.@Nullable IntSupplier httpsPort;

  public HttpServer(
      Store store,
      EventArchive archive,
      Clock clock,
      Supplier<@Nullable PipelineStats> stats,
      BooleanSupplier pipelineHealthy,
      boolean secureCookies,
      LineIngestor ingestor,
      RuleService rules,
      IncidentLifecycle lifecycle,
      Runnable statusChanged,
      @Nullable AckLinks ackLinks,
      ResponseService responses,
      MetricsRoutes metrics,
      dev.mimamori.server.account.SecondFactor secondFactor,
      NotifyOverview notify,
      ReportService reports,
      dev.mimamori.server.storefront.StorefrontService storefront,
      dev.mimamori.server.vuln.VulnService vulns,
      dev.mimamori.server.uptime.UptimeService uptime,
      dev.mimamori.server.agent.@Nullable AgentService agents) {
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    LoginThrottle throttle = new LoginThrottle(clock, 10, Duration.ofMinutes(5));
    PasswordLogin login = new PasswordLogin(store, throttle);
    ApiRoutes api = new ApiRoutes(store, archive, json, login, secondFactor, clock);
    ConsoleRoutes console =
        new ConsoleRoutes(
            store,
            new SessionManager(clock, Duration.ofHours(12)),
            login,
            secureCookies,
            lifecycle,
            statusChanged,
            archive,
            responses,
            clock,
            secondFactor);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // The larger limit of the ingest routes; the others are held to MAX_REQUEST_BYTES
              // below.
              config.http.maxRequestSize = IngestRoutes.MAX_BODY_BYTES;
              config.jsonMapper(new JavalinJackson(json, false));
              config.staticFiles.add(
                  sf -> {
                    sf.hostedPath = "/static";
                    sf.directory = "/console/static";
                    sf.location = Location.CLASSPATH;
                  });
              config.jetty.modifyServer(server -> server.setStopTimeout(3000));
            });
    // With TLS, plain HTTP only redirects: before any other check, so nothing else answers it.
    app.before(
        ctx -> {
          java.util.function.IntSupplier p = httpsPort;
          if (p != null && !"https".equals(ctx.scheme())) {
            String target =
                "https://"
                    + redirectHost(ctx.host())
                    + ":"
                    + p.getAsInt()
                    + ctx.path()
                    + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.header("Location", target);
            throw new io.javalin.http.RedirectResponse(
                io.javalin.http.HttpStatus.PERMANENT_REDIRECT);
          }
        });
    dev.mimamori.server.agent.AgentRoutes.guardPorts(app, () -> agentPort);
    app.before(ctx -> SecurityHeaders.apply(ctx, secureCookies));
    app.before(
        ctx -> {
          try {
            rejectOversized(ctx);
          } catch (ApiError e) {
            if (agents != null && dev.mimamori.server.agent.AgentRoutes.isAgentPath(ctx.path())) {
              agents.refusedUnknown("agent.request " + ctx.path(), ctx.ip(), e.getMessage());
            }
            throw e;
          }
        });
    app.get("/healthz", ctx -> ctx.json(health(stats.get(), pipelineHealthy.getAsBoolean())));
    metrics.register(app);
    new AuditTrail(store).register(app);
    ShipperAuth shippers = new ShipperAuth(store);
    api.register(app);
    TuningChanges tuning = new TuningChanges(rules, store, clock);
    TenancyService tenancy = new TenancyService(store);
    new TuningRoutes(api, rules, store, clock, tuning).register(app);
    new IncidentRoutes(api, store, lifecycle, statusChanged).register(app);
    new TenancyRoutes(api, store, tenancy, secondFactor).register(app);
    new dev.mimamori.server.api.VulnRoutes(api, store, tenancy, vulns).register(app);
    new dev.mimamori.server.api.UptimeRoutes(api, store, tenancy, uptime).register(app);
    if (agents != null) {
      new dev.mimamori.server.api.AgentApiRoutes(api, store, tenancy, agents).register(app);
      new dev.mimamori.server.agent.AgentRoutes(agents).register(app);
    }
    new AuditRoutes(store, clock).register(app);
    if (ackLinks != null) {
      new AckRoutes(store, ackLinks, lifecycle, statusChanged).register(app);
    }
    new ActionRoutes(api, store, responses).register(app);
    new dev.mimamori.server.api.OverviewRoutes(store, archive, notify, clock).register(app);
    new ReportRoutes(reports).register(app);
    new dev.mimamori.server.api.StorefrontRoutes(api, storefront).register(app);
    if (!responses.settings().bouncerKeys().isEmpty()) {
      new CrowdSecLapiRoutes(
              responses.decisions(), responses.stream(), responses.settings().bouncerKeys())
          .register(app);
    }
    new ElasticsearchRoutes(shippers, console::landing).register(app);
    new IngestRoutes(store, shippers, json, ingestor).register(app);
    new dev.mimamori.server.csp.CspReportRoutes(
            store, ingestor, clock, dev.mimamori.server.csp.CspReportRoutes.Limits.DEFAULT)
        .register(app);
    console.register(app);
    ConsoleAdminRoutes adminPages =
        new ConsoleAdminRoutes(console, store, rules, tuning, tenancy, notify, clock);
    adminPages.register(app);
    new dev.mimamori.server.console.StorefrontPages(console, adminPages, store, storefront)
        .register(app);
    new dev.mimamori.server.console.VulnPages(console, vulns).register(app);
    new dev.mimamori.server.console.AgentPages(console, adminPages, store, tenancy, agents, clock)
        .register(app);
    app.exception(
        ApiError.class,
        (e, ctx) -> {
          if (isApi(ctx)) {
            problem(ctx, e.status(), e.getMessage());
          } else {
            ctx.status(e.status()).result(e.getMessage());
          }
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() == 404) {
            notFound(ctx, console); // Javalin's "Endpoint ... not found" for unmatched routes
          } else if (isApi(ctx)) {
            problem(ctx, e.getStatus(), e.getMessage());
          } else {
            ctx.status(e.getStatus()).result(e.getMessage());
          }
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), loggablePath(ctx.path()), e);
          if (isApi(ctx)) {
            problem(ctx, 500, "internal error; see the server log");
          } else {
            console.errorPage(ctx, 500, "error.internal");
          }
        });
    app.error(
        404,
        ctx -> {
          if (ctx.resultInputStream() != null) {
            return; // a handler already answered with its own 404
          }
          notFound(ctx, console);
        });
  }

  private static void notFound(Context ctx, ConsoleRoutes console) {
    if (isApi(ctx)) {
      problem(ctx, 404, "no such route");
    } else {
      console.errorPage(ctx, 404, "error.notfound");
    }
  }

  /**
   * Refuses bodies before anything reads them: too large (413), of unknown length (411: chunked
   * bodies would otherwise be read whole), or multipart (415: no route takes uploads).
   */
  private static void rejectOversized(Context ctx) {
    String method = ctx.method().name();
    long len = ctx.req().getContentLengthLong();
    long max =
        IngestRoutes.isIngestPath(ctx.path()) || ElasticsearchRoutes.isElasticsearchPath(ctx.path())
            ? IngestRoutes.MAX_BODY_BYTES
            : dev.mimamori.server.agent.AgentRoutes.isAgentPath(ctx.path())
                ? dev.mimamori.agent.protocol.Protocol.MAX_BATCH_BYTES
                : MAX_REQUEST_BYTES;
    if (len > max) {
      throw new ApiError(413, "request body larger than " + max + " bytes");
    }
    boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    if (hasBody && len < 0) {
      throw new ApiError(411, "a request body needs a Content-Length");
    }
    String type = ctx.header("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      throw new ApiError(415, "multipart bodies are not accepted");
    }
  }

  private static boolean isApi(Context ctx) {
    return ctx.path().startsWith(ApiRoutes.PREFIX)
        || ctx.path().equals("/healthz")
        || dev.mimamori.server.csp.CspReportRoutes.isReportPath(ctx.path())
        || dev.mimamori.server.agent.AgentRoutes.isAgentPath(ctx.path())
        || ElasticsearchRoutes.isElasticsearchRequest(ctx);
  }

  /**
   * An RFC 9457 problem detail ({@code type}, {@code title}, {@code status}, {@code detail}), with
   * {@code error} kept beside {@code detail} for clients written before.
   */
  static Map<String, Object> error(int status, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "about:blank");
    m.put("title", title(status));
    m.put("status", status);
    m.put("detail", message);
    m.put("error", message);
    return m;
  }

  private static String title(int status) {
    io.javalin.http.HttpStatus s = io.javalin.http.HttpStatus.forStatus(status);
    return s == io.javalin.http.HttpStatus.UNKNOWN ? "Error " + status : s.getMessage();
  }

  /** Sends a problem detail with its media type. */
  static void problem(Context ctx, int status, String message) {
    ctx.status(status).json(error(status, message)).contentType("application/problem+json");
  }

  private static Map<String, Object> health(@Nullable PipelineStats s, boolean healthy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", healthy ? "ok" : "degraded");
    if (s != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("lines_read", s.linesRead());
      p.put("events_parsed", s.eventsParsed());
      p.put("lines_rejected", s.linesRejected());
      p.put("alerts", s.alerts());
      p.put("alerts_excepted", s.alertsExcepted());
      p.put("incidents_opened", s.incidentsOpened());
      p.put("notifications_failed", s.notificationsFailed());
      p.put("source_errors", s.sourceErrors());
      p.put("detect_errors", s.detectErrors());
      p.put("store_errors", s.storeErrors());
      m.put("pipeline", p);
    }
    return m;
  }

  public HttpServer start(String host, int port) {
    if (agentListener != null) {
      // Jetty then has a connector already, and Javalin would add none: the plain one first.
      org.eclipse.jetty.server.Server server = app.jettyServer().server();
      var plainConfig = new org.eclipse.jetty.server.HttpConfiguration();
      plainConfig.setSendServerVersion(false);
      var plain =
          new org.eclipse.jetty.server.ServerConnector(
              server, new org.eclipse.jetty.server.HttpConnectionFactory(plainConfig));
      plain.setHost(host);
      plain.setPort(port);
      server.addConnector(plain);
      addAgentConnector(server);
    }
    app.start(host, port);
    agentListening();
    return this;
  }

  private volatile int agentPort = -1;
  private @Nullable AgentListener agentListener;
  private org.eclipse.jetty.server.@Nullable ServerConnector agentConnector;

  /** Where and with what the agent listener serves. */
  public record AgentListener(
      String host, int port, dev.mimamori.server.agent.AgentCa.Listener material) {}

  /** Adds the agent listener (before {@code start}). */
  public HttpServer withAgentListener(AgentListener listener) {
    this.agentListener = listener;
    return this;
  }

  /** The agent listener's port, or -1 when there is none. */
  public int agentPort() {
    return agentPort;
  }

  /**
   * HTTPS that asks every client for a certificate and accepts only those of the agent CA;
   * enrollment and the CA certificate are the only routes answered without one.
   */
  private void addAgentConnector(org.eclipse.jetty.server.Server server) {
    AgentListener l = java.util.Objects.requireNonNull(agentListener);
    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    ssl.setKeyStore(l.material().keyStore());
    ssl.setKeyStorePassword(new String(l.material().password()));
    ssl.setCertAlias("agent-listener");
    ssl.setTrustStore(l.material().trustStore());
    ssl.setWantClientAuth(true);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    var https = new org.eclipse.jetty.server.HttpConfiguration();
    https.setSendServerVersion(false);
    https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
    https.addCustomizer(
        (connector, config, request) ->
            request.setAttribute(dev.mimamori.server.agent.AgentRoutes.AGENT_CONNECTOR, true));
    var c =
        new org.eclipse.jetty.server.ServerConnector(
            server,
            new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
            new org.eclipse.jetty.server.HttpConnectionFactory(https));
    c.setHost(l.host());
    c.setPort(l.port());
    server.addConnector(c);
    agentConnector = c;
  }

  private void agentListening() {
    if (agentConnector != null) {
      agentPort = agentConnector.getLocalPort();
    }
  }

  /**
   * Serves HTTPS on {@code port} with {@code tls}, and, when {@code redirectPort} is given, plain
   * HTTP there that only redirects to HTTPS (308, same path and query).
   */
  public HttpServer start(String host, int port, TlsMaterial tls, @Nullable Integer redirectPort) {
    org.eclipse.jetty.server.Server server = app.jettyServer().server();
    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(new String(tls.password()));
    ssl.setCertAlias("mimamori");
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    var https = new org.eclipse.jetty.server.HttpConfiguration();
    https.setSendServerVersion(false);
    // Clients may reach the server by an address the certificate does not name (an IP on a LAN).
    https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
    var secure =
        new org.eclipse.jetty.server.ServerConnector(
            server,
            new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
            new org.eclipse.jetty.server.HttpConnectionFactory(https));
    secure.setHost(host);
    secure.setPort(port);
    server.addConnector(secure);
    if (redirectPort != null) {
      var plainConfig = new org.eclipse.jetty.server.HttpConfiguration();
      plainConfig.setSendServerVersion(false);
      var plain =
          new org.eclipse.jetty.server.ServerConnector(
              server, new org.eclipse.jetty.server.HttpConnectionFactory(plainConfig));
      plain.setHost(host);
      plain.setPort(redirectPort);
      server.addConnector(plain);
    }
    if (agentListener != null) {
      addAgentConnector(server);
    }
    httpsPort = () -> secure.getLocalPort();
    app.start(host, port);
    agentListening();
    return this;
  }

  /** The host part of a Host header, kept only when it is a plain host name or address. */
  static String redirectHost(@Nullable String hostHeader) {
    String h = hostHeader == null ? "" : hostHeader;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end > 0 ? h.substring(0, end + 1) : "";
    } else if (h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':'));
    }
    return h.matches("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]") ? h : "localhost";
  }

  public int port() {
    return app.port();
  }

  /** Every HTTP route, as {@code "GET /api/v1/incidents/{id}"}: for the tests that walk them. */
  public java.util.List<String> routes() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (var e : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
      var type = e.getEndpoint().getMethod();
      if (type.isHttpMethod()) {
        out.add(type.name() + " " + e.getEndpoint().getPath());
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  /** The path for a log line: one line, and an acknowledgement link's secret token left out. */
  static String loggablePath(String path) {
    String p = path.startsWith("/ack/") ? "/ack/…" : path;
    return dev.mimamori.incidents.notify.Sanitize.oneLine(
        p.length() > 300 ? p.substring(0, 300) : p);
  }

  @Override
  public void close() {
    app.stop();
  }
}
