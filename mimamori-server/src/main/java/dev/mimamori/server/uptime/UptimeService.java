package dev.mimamori.server.uptime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.server.LineIngestor;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.UptimeMonitorRepository;
import dev.mimamori.uptime.CheckReport;
import dev.mimamori.uptime.CheckSpec;
import dev.mimamori.uptime.DnsAnswer;
import dev.mimamori.uptime.DnsCheck;
import dev.mimamori.uptime.DnsQuery;
import dev.mimamori.uptime.HttpCheck;
import dev.mimamori.uptime.Monitor;
import dev.mimamori.uptime.TargetPolicy;
import dev.mimamori.uptime.TlsCheck;
import dev.mimamori.uptime.UptimeEvent;
import dev.mimamori.uptime.UptimeLine;
import dev.mimamori.uptime.UptimeScheduler;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every tenant's monitors in one {@link UptimeScheduler}, started with the server and reloaded
 * from the store after each change. Each check's result is kept as the monitor's status; its events
 * become {@code uptime} lines in the pipeline under the monitor's tenant.
 */
public final class UptimeService implements AutoCloseable {
  /** Lets monitors reach loopback addresses (tests, a lab shop on the same host). */
  public static final String LAB_PROPERTY = "mimamori.uptime.lab";

  /** A DNS resolver HOST:PORT for the monitors instead of the system's (tests). */
  public static final String RESOLVER_PROPERTY = "mimamori.uptime.resolver";

  private static final Logger LOG = LoggerFactory.getLogger(UptimeService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final LineIngestor ingestor;
  private final Clock clock;
  private final boolean lab;
  private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
  private final ExecutorService clientPool;
  private final HttpClient client;
  private final TlsCheck tls;
  private final DnsCheck dns;
  private final UptimeScheduler scheduler;

  /** Swapped whole on reload, so a report arriving meanwhile never finds its monitor missing. */
  private volatile Map<String, UptimeMonitorRepository.Monitor> rows = Map.of();

  private volatile boolean closed;
  // The certificate is checked hourly; the status between those checks still shows it.
  private final Map<String, JsonNode> lastTls = new ConcurrentHashMap<>();

  /**
   * @param ownPorts the ports the server listens on: monitors of them on a local address are
   *     refused
   * @param lab loopback and private targets allowed (the server's {@code --page-monitor-private} or
   *     the {@link #LAB_PROPERTY} property)
   */
  public UptimeService(
      Store store, LineIngestor ingestor, Clock clock, Set<Integer> ownPorts, boolean lab) {
    this.store = store;
    this.ingestor = ingestor;
    this.clock = clock;
    this.lab = lab || Boolean.getBoolean(LAB_PROPERTY);
    this.ownPorts.addAll(ownPorts);
    this.clientPool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "uptime-http");
              t.setDaemon(true);
              return t;
            });
    try {
      this.client = HttpCheck.newClient(SSLContext.getDefault(), clientPool);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.tls = TlsCheck.withJdkTrust(clock);
    this.dns = new DnsCheck(resolver(), Duration.ofSeconds(5));
    this.scheduler = new UptimeScheduler(clock, 32, this::onReport);
  }

  private static @Nullable InetSocketAddress resolver() {
    String r = System.getProperty(RESOLVER_PROPERTY);
    if (r == null || r.isBlank()) {
      return null;
    }
    int colon = r.lastIndexOf(':');
    return new InetSocketAddress(r.substring(0, colon), Integer.parseInt(r.substring(colon + 1)));
  }

  /** A port the server listens on, known once it has started (port 0 picks one). */
  public void listeningOn(int port) {
    ownPorts.add(port);
  }

  private TargetPolicy policy() {
    return lab ? TargetPolicy.lab(ownPorts) : TargetPolicy.strict(ownPorts);
  }

  /** Refuses a URL mimamori must not fetch (metadata, its own port, loopback outside lab mode). */
  public void checkTarget(CheckSpec spec) {
    policy().check(spec.url());
    if (!lab) {
      String host =
          trimDot(String.valueOf(spec.url().getHost()).toLowerCase(java.util.Locale.ROOT));
      for (dev.mimamori.uptime.DnsQuery q : spec.dns()) {
        if (!sameSite(trimDot(q.name().toLowerCase(java.util.Locale.ROOT)), host)) {
          // The server's resolver answers for the SOC's network too: a tenant asks only about
          // its own shop's names, not internal ones.
          throw new IllegalArgumentException(
              "dns name " + q.name() + " is not the monitored site's (" + host + ")");
        }
      }
    }
  }

  /** The URL's host, a domain above it, a name under it, or a sibling under its parent domain. */
  static boolean sameSite(String name, String host) {
    if (name.equals(host) || host.endsWith("." + name) || name.endsWith("." + host)) {
      return true;
    }
    int dot = host.indexOf('.');
    String parent = dot < 0 ? "" : host.substring(dot + 1);
    // Only a parent that is itself a domain with a dot (example.jp, not jp).
    return parent.contains(".") && name.endsWith("." + parent);
  }

  private static String trimDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Reads every monitor from the store and runs them; unchanged ones keep their schedule. */
  public synchronized void reload() {
    List<Monitor> monitors = new ArrayList<>();
    HttpCheck http = new HttpCheck(client, policy());
    Map<String, UptimeMonitorRepository.Status> last = new HashMap<>();
    for (UptimeMonitorRepository.Status s : store.uptime().statuses(allTenants())) {
      last.put(s.monitorId(), s);
    }
    Map<String, UptimeMonitorRepository.Monitor> next = new HashMap<>();
    for (UptimeMonitorRepository.Monitor row : store.uptime().all()) {
      CheckSpec spec;
      try {
        spec = MonitorSettings.parse(row.spec());
      } catch (IllegalArgumentException e) {
        LOG.warn("uptime monitor {} has unreadable settings: {}", row.id(), e.getMessage());
        continue;
      }
      Monitor m = new Monitor(row.id(), spec, http, tls, dns, clock);
      UptimeMonitorRepository.Status s = last.get(row.id());
      if (s != null) {
        restore(m, s.result());
        if (s.state().equals("UP") || s.state().equals("DOWN")) {
          // Not a new down (or a silent recovery) because the server restarted or was edited.
          m.rememberState(
              dev.mimamori.uptime.MonitorState.Status.valueOf(s.state()), s.checkedAt());
        }
        try {
          JsonNode t = JSON.readTree(s.result()).get("tls");
          if (t != null) {
            lastTls.put(row.id(), t);
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          // an unreadable old status only loses the certificate shown until the next TLS check
        }
      }
      next.put(row.id(), row);
      monitors.add(m);
    }
    rows = Map.copyOf(next);
    scheduler.replaceAll(monitors);
  }

  private static dev.mimamori.store.TenantScope allTenants() {
    return dev.mimamori.store.TenantScope.allTenants();
  }

  /** After a restart, content and DNS are compared with what was seen before it. */
  private static void restore(Monitor m, String result) {
    try {
      JsonNode r = JSON.readTree(result);
      if (r.hasNonNull("body_sha256")) {
        m.rememberContent(r.get("body_sha256").asText());
      }
      for (JsonNode d : r.path("dns")) {
        if (d.path("failure").isNull() || !d.has("failure")) {
          List<String> records = new ArrayList<>();
          d.path("records").forEach(x -> records.add(x.asText()));
          m.rememberDns(
              new DnsQuery(
                  d.path("name").asText(), DnsQuery.DnsType.valueOf(d.path("type").asText())),
              records);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      LOG.debug("uptime status of {} not restored: {}", m.id(), e.toString());
    }
  }

  private void onReport(CheckReport r) {
    if (closed) {
      return; // a check that ran into the shutdown: its interrupted result is not news
    }
    UptimeMonitorRepository.Monitor row = rows.get(r.target());
    if (row == null) {
      return; // deleted while its check ran
    }
    String state = r.flapping() ? "FLAPPING" : r.status().name();
    ObjectNode result = result(r);
    if (result.has("tls")) {
      lastTls.put(row.id(), result.get("tls"));
    } else if (lastTls.containsKey(row.id())) {
      result.set("tls", lastTls.get(row.id()));
    }
    store.uptime().saveStatus(row.id(), state, r.at(), result.toString());
    if (r.events().isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (UptimeEvent e : r.events()) {
      lines.add(UptimeLine.write(e, row.url()));
    }
    try {
      if (ingestor.ingest(row.tenant(), asset(row), "uptime", lines)
          == dev.mimamori.pipeline.Pipeline.Submitted.REFUSED) {
        LOG.warn("uptime events of {} not taken by the pipeline: {}", row.id(), lines);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The monitored URL's host names the asset, as for CSP reports; else the site id. */
  static String asset(UptimeMonitorRepository.Monitor row) {
    String host = java.net.URI.create(row.url()).getHost();
    if (host != null && IngestKeyRepository.ASSET.matcher(host).matches()) {
      return host;
    }
    return "site-" + row.site();
  }

  /** The last result as the store keeps it and the API shows it. */
  static ObjectNode result(CheckReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("up", r.http().up());
    o.put("status", r.http().status());
    o.put("latency_ms", r.http().latency().toMillis());
    o.put("failure", r.http().failure() == null ? null : r.http().failure().name());
    o.put("detail", r.http().detail());
    o.put("body_sha256", r.http().bodySha256());
    if (r.tls() != null) {
      ObjectNode t = o.putObject("tls");
      t.put("days_left", r.tls().daysLeft());
      t.put("not_after", r.tls().notAfter() == null ? null : r.tls().notAfter().toString());
      var p = t.putArray("problems");
      r.tls().problems().stream().map(Enum::name).sorted().forEach(p::add);
    }
    var d = o.putArray("dns");
    for (DnsAnswer a : r.dns()) {
      ObjectNode x = d.addObject();
      x.put("name", a.query().name());
      x.put("type", a.query().type().name());
      var rec = x.putArray("records");
      a.records().forEach(rec::add);
      x.put("failure", a.failure());
    }
    return o;
  }

  public int size() {
    return scheduler.size();
  }

  @Override
  public void close() {
    closed = true;
    scheduler.close();
    clientPool.shutdownNow();
    try {
      clientPool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
