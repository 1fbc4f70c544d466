package dev.mimamori.server;

import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.server.syslog.SyslogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code serve} needs, validated once.
 *
 * @param host address to listen on
 * @param port port to listen on (0 picks a free one)
 * @param dataDir where the embedded database and other state live
 * @param db a PostgreSQL (or other) database URL instead of the embedded SQLite
 * @param sources log files to watch
 * @param correlationWindow how long after an incident's last alert a new alert still joins it
 * @param queueCapacity size of each bounded pipeline queue
 * @param archiveRetention how long archived events are kept (whole days are deleted)
 * @param syslog where syslog is received, if anywhere
 * @param publicUrl the address users reach the console at, when it differs (a TLS proxy in front);
 *     an {@code https://} one makes cookies {@code Secure} and turns on HSTS; acknowledgement links
 *     in pages point there
 * @param rules rule files to run instead of the built-in rules
 * @param fim web roots watched for file changes
 * @param notifyFile the notification file (channels, routes, on-call), if any
 * @param tls HTTPS settings, if the server serves HTTPS itself
 * @param singleFactorAllowed whether admins and analysts may sign in without a second factor (a lab
 *     setting, {@code --allow-single-factor}; off by default)
 * @param pageMonitors how the storefront page monitor runs
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    @Nullable String db,
    List<SourceSpec> sources,
    Duration correlationWindow,
    int queueCapacity,
    Duration archiveRetention,
    @Nullable SyslogConfig syslog,
    @Nullable String publicUrl,
    @Nullable Path rules,
    List<FimRoot> fim,
    @Nullable Path notifyFile,
    @Nullable Tls tls,
    boolean singleFactorAllowed,
    PageMonitors pageMonitors,
    Agents agents) {

  /** Thirteen months: a year of evidence plus the time it takes to notice. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    sources = List.copyOf(sources);
    fim = List.copyOf(fim);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (queueCapacity < 1 || queueCapacity > 1_000_000) {
      throw new IllegalArgumentException("queue capacity must be between 1 and 1000000");
    }
    if (publicUrl != null
        && !publicUrl.startsWith("https://")
        && !publicUrl.startsWith("http://")) {
      throw new IllegalArgumentException("public URL must start with http:// or https://");
    }
    Objects.requireNonNull(pageMonitors, "pageMonitors");
    Objects.requireNonNull(agents, "agents");
    if (correlationWindow.isNegative() || correlationWindow.isZero()) {
      throw new IllegalArgumentException("correlation window must be positive");
    }
  }

  public static ServerConfig of(
      String host, int port, Path dataDir, @Nullable String db, List<SourceSpec> sources) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        Duration.ofHours(6),
        10_000,
        DEFAULT_RETENTION,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        false,
        PageMonitors.DEFAULT,
        Agents.OFF);
  }

  public ServerConfig withPublicUrl(@Nullable String url) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        url,
        rules,
        fim,
        notifyFile,
        tls,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  public ServerConfig withSyslog(@Nullable SyslogConfig config) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        config,
        publicUrl,
        rules,
        fim,
        notifyFile,
        tls,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  /** Rule files (Sigma or mimamori's own YAML) to run instead of the built-in rules. */
  public ServerConfig withRules(@Nullable Path dir) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        dir,
        fim,
        notifyFile,
        tls,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  /** Web roots the server watches for file changes (file integrity), with whose they are. */
  public ServerConfig withFim(List<FimRoot> roots) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        roots,
        notifyFile,
        tls,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  /**
   * The notification file: channels, routes, on-call schedules and the escalation policy
   * (docs/RESPONSE.md). Without one, incidents are told on the console only.
   */
  public ServerConfig withNotify(@Nullable Path file) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        fim,
        file,
        tls,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  /** Serves HTTPS (and, with a redirect port, plain HTTP that redirects to it). */
  public ServerConfig withTls(@Nullable Tls settings) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        fim,
        notifyFile,
        settings,
        singleFactorAllowed,
        pageMonitors,
        agents);
  }

  /** Lets admins and analysts sign in with a password alone (a lab; never on a real SOC). */
  public ServerConfig withSingleFactorAllowed(boolean allowed) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        fim,
        notifyFile,
        tls,
        allowed,
        pageMonitors,
        agents);
  }

  public ServerConfig withPageMonitors(PageMonitors settings) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        fim,
        notifyFile,
        tls,
        singleFactorAllowed,
        settings,
        agents);
  }

  public ServerConfig withAgents(Agents settings) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        db,
        sources,
        correlationWindow,
        queueCapacity,
        archiveRetention,
        syslog,
        publicUrl,
        rules,
        fim,
        notifyFile,
        tls,
        singleFactorAllowed,
        pageMonitors,
        settings);
  }

  /**
   * The agent listener: HTTPS with client certificates from the server's agent CA, on a port of its
   * own ({@code --agent-port}; -1: off).
   *
   * @param port the port (0: any free one)
   * @param names the host names and addresses agents reach the server by (its certificate names
   *     them; localhost and 127.0.0.1 always)
   * @param silentAfter an agent without a heartbeat this long raises an alert
   */
  public record Agents(int port, List<String> names, Duration silentAfter) {
    public static final Agents OFF = new Agents(-1, List.of(), Duration.ofSeconds(60));

    public Agents {
      names = List.copyOf(names);
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("the agent port must be between 0 and 65535");
      }
      if (silentAfter.toSeconds() < 1) {
        throw new IllegalArgumentException("an agent is silent after at least one second");
      }
    }

    public boolean enabled() {
      return port >= 0;
    }
  }

  /**
   * HTTPS: a PEM certificate chain and key, or a self-signed certificate made in the data
   * directory; and the port of a plain-HTTP listener that redirects to HTTPS, if any.
   */
  public record Tls(
      @Nullable Path certFile,
      @Nullable Path keyFile,
      boolean selfSigned,
      @Nullable Integer redirectPort) {
    public Tls {
      if (selfSigned == (certFile != null)) {
        throw new IllegalArgumentException(
            "TLS needs either a certificate and key (--tls-cert, --tls-key) or --tls-self-signed");
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      if (redirectPort != null && (redirectPort < 0 || redirectPort > 65535)) {
        throw new IllegalArgumentException("the redirect port must be between 0 and 65535");
      }
    }
  }

  /** A web root to watch, and the tenant and shop its changes belong to. */
  public record FimRoot(Path root, String tenant, String asset) {}

  /**
   * The storefront page monitor.
   *
   * @param workers how many page checks run at once, each in a Chromium of its own ({@code
   *     --page-monitor-workers}; 0 turns the monitor off)
   * @param privateTargets whether monitors may browse loopback and private addresses ({@code
   *     --page-monitor-private}: a lab or test; never the cloud metadata address)
   */
  public record PageMonitors(int workers, boolean privateTargets) {
    public static final PageMonitors DEFAULT = new PageMonitors(1, false);

    public PageMonitors {
      if (workers < 0 || workers > 16) {
        throw new IllegalArgumentException("page monitor workers must be between 0 and 16");
      }
    }
  }
}
