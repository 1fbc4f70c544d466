package dev.mimamori.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.agent.protocol.Batch;
import dev.mimamori.agent.protocol.BatchAnswer;
import dev.mimamori.agent.protocol.Enrollment;
import dev.mimamori.agent.protocol.Heartbeat;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.agent.protocol.WireRecord;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Severity;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.source.RawLine;
import dev.mimamori.server.api.IngestRoutes;
import dev.mimamori.server.csp.CspReportRoutes;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AgentRepository;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent listener does: enrolls agents, stores their batches exactly once, records their
 * heartbeats, hands out their configuration, and raises alerts when an agent goes silent, lags or
 * drops data.
 */
public final class AgentService {
  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

  /** Rule ids of the agents' own alerts. */
  public static final String RULE_SILENT = "mm-agent-silent";

  public static final String RULE_LAGGING = "mm-agent-lagging";
  public static final String RULE_DROPPED = "mm-agent-buffer-dropped";

  /** A source this many bytes behind its file's end is lagging. */
  public static final long LAG_ALERT_BYTES = 64L * 1024 * 1024;

  /** How a batch is submitted to the pipeline: the pipeline, or a test's stand-in. */
  @FunctionalInterface
  public interface PositionedIngestor {
    Pipeline.Submitted submit(SourceSpec source, List<RawLine> lines) throws InterruptedException;
  }

  /** How an alert of the agents' own is raised. */
  @FunctionalInterface
  public interface AlertSink {
    boolean submit(Alert alert) throws InterruptedException;

    /** Waits until the alerts submitted so far are stored; false when that did not happen. */
    default boolean flush() throws InterruptedException {
      return true;
    }
  }

  private final Store store;
  private final AgentCa ca;
  private final PositionedIngestor ingestor;
  private final AlertSink alerts;
  private final Clock clock;
  private final Duration silentAfter;
  private final AgentCommands commands;
  private final ObjectMapper json = Protocol.json();

  // The listener faces the shops' networks: an address gets 60 enrollment attempts a minute, and
  // its refusals before it is known are audited at most 20 times a minute (no audit flood).
  private final dev.mimamori.server.csp.FixedWindowLimiter enrollments;
  private final dev.mimamori.server.csp.FixedWindowLimiter refusals;

  public AgentService(
      Store store,
      AgentCa ca,
      PositionedIngestor ingestor,
      AlertSink alerts,
      Clock clock,
      Duration silentAfter,
      AgentCommands commands) {
    this.store = store;
    this.commands = commands;
    this.ca = ca;
    this.ingestor = ingestor;
    this.alerts = alerts;
    this.clock = clock;
    this.silentAfter = silentAfter;
    this.enrollments = new dev.mimamori.server.csp.FixedWindowLimiter(clock, 60, 60_000);
    this.refusals = new dev.mimamori.server.csp.FixedWindowLimiter(clock, 20, 60_000);
  }

  public AgentCa ca() {
    return ca;
  }

  /** The response commands queued for agents. */
  public AgentCommands commands() {
    return commands;
  }

  /** The token as the agent takes it: the secret and the CA's pin. */
  public String enrollToken(String secret) {
    return secret + "." + ca.pin();
  }

  /**
   * Exchanges a token for a certificate. The certificate is made first and thrown away unless the
   * token is taken in the same step that creates the agent.
   */
  public Enrollment.Answer enroll(Enrollment.Request req, String clientIp) {
    if (req.protocol() < Protocol.MIN_VERSION) {
      throw new ApiError(
          426, "agent protocol " + req.protocol() + " is too old: upgrade the agent");
    }
    if (!enrollments.tryHit(clientIp)) {
      throw new ApiError(429, "too many enrollment attempts from this address; wait a minute");
    }
    // Nothing is parsed or signed for a token that cannot be taken.
    var known = store.agents().token(req.token());
    String early =
        known.isEmpty()
            ? "unknown enrollment token"
            : !known.get().expiresAt().isAfter(clock.instant())
                ? "this enrollment token has expired; ask for a new one"
                : null;
    if (early != null) {
      audit(
          known.map(AgentRepository.Token::tenant).orElse(null),
          "(enrollment)",
          "agent.enroll",
          null,
          "refused",
          clientIp,
          early);
      throw new ApiError(401, early);
    }
    String agentId = "agt_" + UUID.randomUUID().toString().replace("-", "");
    java.security.PublicKey key;
    try {
      key = AgentCa.publicKey(req.csr());
    } catch (IllegalArgumentException e) {
      audit(null, "(enrollment)", "agent.enroll", null, "400", clientIp, e.getMessage());
      throw new ApiError(400, e.getMessage());
    }
    X509Certificate cert = ca.issueAgent(key, agentId);
    String name = req.name().isBlank() ? agentId : req.name();
    AgentRepository.Redeemed r =
        store
            .agents()
            .redeem(
                req.token(),
                agentId,
                name,
                keyDigest(key),
                AgentIdentity.sha256(cert),
                cert.getNotAfter().toInstant());
    if (r.agent() != null && !r.agent().id().equals(agentId)) {
      // The same agent asking again after a crash: its certificate names its own id.
      cert = ca.issueAgent(key, r.agent().id());
      store
          .agents()
          .replaceCertificate(
              r.agent().id(), AgentIdentity.sha256(cert), cert.getNotAfter().toInstant());
    }
    if (r.agent() == null) {
      AgentRepository.Refusal why = r.refusal();
      String tenant = r.token() == null ? null : r.token().tenant();
      String message =
          why == AgentRepository.Refusal.USED
              ? "this enrollment token was used already; ask for a new one"
              : why == AgentRepository.Refusal.EXPIRED
                  ? "this enrollment token has expired; ask for a new one"
                  : "unknown enrollment token";
      audit(tenant, "(enrollment)", "agent.enroll", null, "refused", clientIp, message);
      throw new ApiError(401, message);
    }
    AgentRepository.Agent a = r.agent();
    audit(a.tenant(), "agent " + a.id(), "agent.enroll", a.id(), "ok", clientIp, name);
    try {
      return new Enrollment.Answer(a.id(), a.tenant(), a.site(), AgentIdentity.pem(cert), ca.pem());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The agent a client certificate belongs to, refused (401, audited) when unknown, revoked or
   * expired. Called on every request, so a revocation cuts the agent off at once.
   */
  public AgentRepository.Agent authenticate(@Nullable X509Certificate cert, String clientIp) {
    if (cert == null) {
      if (refusals.tryHit(clientIp)) {
        audit(null, "(agent)", "agent.request", null, "refused", clientIp, "no client certificate");
      }
      throw new ApiError(401, "a client certificate issued by this server is needed");
    }
    var found = store.agents().byCertificate(AgentIdentity.sha256(cert));
    if (found.isEmpty()) {
      if (refusals.tryHit(clientIp)) {
        audit(null, "(agent)", "agent.request", null, "refused", clientIp, "unknown certificate");
      }
      throw new ApiError(401, "unknown agent certificate");
    }
    AgentRepository.Agent a = found.get();
    if (a.revoked()) {
      audit(a.tenant(), "agent " + a.id(), "agent.request", a.id(), "refused", clientIp, "revoked");
      throw new ApiError(401, "this agent was revoked");
    }
    if (!a.certNotAfter().isAfter(clock.instant())) {
      throw new ApiError(401, "this agent's certificate has expired; enroll it again");
    }
    return a;
  }

  /**
   * Stores a batch: records the server stored before are skipped (by sequence number, and by file
   * position after a crash between storing and counting), the rest go through the pipeline, and the
   * answer comes only once they are durable. The tenant and site are the agent's.
   */
  public Outcome acceptBatch(AgentRepository.Agent agent, Batch batch, String clientIp)
      throws InterruptedException {
    String problem = problemOf(agent, batch);
    if (problem != null) {
      boolean forged = !agent.id().equals(batch.agent());
      audit(
          agent.tenant(),
          "agent " + agent.id(),
          "agent.batch",
          agent.id(),
          "refused",
          clientIp,
          problem);
      throw new ApiError(forged ? 403 : 400, problem);
    }
    if (batch.buffer() != null && store.agents().useBuffer(agent.id(), batch.buffer())) {
      audit(
          agent.tenant(),
          "agent " + agent.id(),
          "agent.buffer",
          agent.id(),
          "ok",
          clientIp,
          "a new buffer: sequence numbers start over (file positions still keep out doubles)");
    }
    long acked = store.agents().ackedSeq(agent.id());
    if (batch.last() <= acked) {
      audit(
          agent.tenant(),
          "agent " + agent.id(),
          "agent.batch",
          agent.id(),
          "replayed",
          clientIp,
          "batch "
              + batch.first()
              + "-"
              + batch.last()
              + " was stored before (acked "
              + acked
              + ")");
      return new Outcome(409, new BatchAnswer(0, batch.records().size(), acked));
    }
    SiteRepository.Site site =
        store
            .sites()
            .find(TenantScope.of(agent.tenant()), agent.site())
            .orElseThrow(() -> new ApiError(403, "this agent's site no longer exists"));
    String asset = CspReportRoutes.asset(site);
    Map<String, List<WireRecord>> byStream = new LinkedHashMap<>();
    int skipped = 0;
    for (WireRecord r : batch.records()) {
      if (r.seq() <= acked) {
        skipped++;
        continue;
      }
      byStream.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(r);
    }
    int stored = 0;
    boolean changes = false;
    for (List<WireRecord> rs : byStream.values()) {
      WireRecord first = rs.get(0);
      if (AgentConfig.FIM_FORMAT.equals(first.format())) {
        stored += fileChanges(agent, asset, rs);
        changes = true;
        continue;
      }
      SourceSpec source =
          new SourceSpec(
              streamPath(agent.id(), first), first.format(), agent.tenant(), asset, false);
      List<RawLine> lines = new ArrayList<>(rs.size());
      for (WireRecord r : rs) {
        lines.add(new RawLine(r.path(), r.offset(), r.next(), r.line(), r.text(), r.truncated()));
      }
      Pipeline.Submitted s = ingestor.submit(source, lines);
      if (s != Pipeline.Submitted.STORED) {
        throw new ApiError(503, "not stored yet; send the batch again shortly");
      }
      stored += rs.size();
    }
    if (changes && !alerts.flush()) {
      // The agent forgets a change once it is acknowledged: only after its alert is stored.
      throw new ApiError(503, "not stored yet; send the batch again shortly");
    }
    store.agents().advanceAck(agent.id(), batch.last());
    store.agents().seen(agent.id());
    return new Outcome(200, new BatchAnswer(stored, skipped, Math.max(acked, batch.last())));
  }

  /**
   * File changes an agent saw in its web roots: each one at or above medium severity becomes an
   * alert of the agent's site (its id is the change's, so a change sent twice is one alert).
   */
  private int fileChanges(AgentRepository.Agent agent, String asset, List<WireRecord> rs)
      throws InterruptedException {
    for (WireRecord r : rs) {
      dev.mimamori.fim.Change c = change(r);
      if (dev.mimamori.fim.FimAlerts.alerts(c, Severity.MEDIUM)
          && !alerts.submit(
              dev.mimamori.fim.FimAlerts.toAlert(c, agent.tenant(), asset, clock.instant()))) {
        throw new ApiError(503, "not stored yet; send the batch again shortly");
      }
    }
    return rs.size();
  }

  private dev.mimamori.fim.Change change(WireRecord r) {
    try {
      return json.readValue(r.text(), dev.mimamori.fim.Change.class);
    } catch (java.io.IOException | RuntimeException e) {
      throw new ApiError(400, "record " + r.seq() + ": not a file change");
    }
  }

  /** Audits a request of an agent refused before it was looked at (malformed, too large). */
  public void refused(AgentRepository.Agent a, String action, String ip, @Nullable String why) {
    audit(a.tenant(), "agent " + a.id(), action, a.id(), "refused", ip, why);
  }

  /** Audits a request to the agent listener refused before its sender was known. */
  public void refusedUnknown(String action, String ip, String why) {
    if (refusals.tryHit(ip)) {
      audit(null, "(agent)", action, null, "refused", ip, why);
    }
  }

  /** A status and the answer to send. */
  public record Outcome(int status, BatchAnswer answer) {}

  /**
   * The stream of one file of one agent: the agent, the file's identity and its path, so that a
   * rotated file and its successor are two streams, as on the server's own tailer.
   */
  static Path streamPath(String agentId, WireRecord r) {
    String key =
        digest((r.fileKey() == null ? "" : r.fileKey()) + "#" + r.generation()).substring(0, 16);
    String p = r.path().startsWith("/") ? r.path() : "/" + r.path();
    return Path.of("/agent", agentId, key + p);
  }

  private static @Nullable String problemOf(AgentRepository.Agent agent, Batch batch) {
    if (!agent.id().equals(batch.agent())) {
      return "this batch names agent '"
          + clip(batch.agent())
          + "' but comes from agent "
          + agent.id();
    }
    if (batch.buffer() != null && !batch.buffer().matches("[0-9a-f-]{36}")) {
      return "a buffer id is a UUID";
    }
    if (batch.protocol() < Protocol.MIN_VERSION || batch.protocol() > Protocol.VERSION) {
      return "protocol " + batch.protocol() + " is not spoken here";
    }
    List<WireRecord> rs = batch.records();
    if (rs.isEmpty()) {
      return "an empty batch";
    }
    if (rs.size() > Protocol.MAX_BATCH_RECORDS) {
      return "more than " + Protocol.MAX_BATCH_RECORDS + " records in one batch";
    }
    if (rs.get(0).seq() != batch.first() || rs.get(rs.size() - 1).seq() != batch.last()) {
      return "first and last do not match the records' sequence numbers";
    }
    long prev = 0;
    Set<String> formats = new java.util.HashSet<>();
    for (int i = 0; i < rs.size(); i++) {
      WireRecord r = rs.get(i);
      String at = "record " + (i + 1) + ": ";
      if (r.seq() <= prev) {
        return at + "sequence numbers must rise";
      }
      prev = r.seq();
      if (r.path().isEmpty() || r.path().length() > 4096 || r.path().indexOf('\0') >= 0) {
        return at + "a path of 1 to 4096 characters is needed";
      }
      if (r.fileKey() != null && (r.fileKey().length() > 200 || r.fileKey().indexOf('\0') >= 0)) {
        return at + "a file key of at most 200 characters";
      }
      if (r.generation() < 0) {
        return at + "a negative generation";
      }
      if (r.offset() < 0 || r.next() <= r.offset() || r.line() < 1) {
        return at + "offsets must satisfy 0 <= offset < next and line >= 1";
      }
      if (r.text().length() > Protocol.MAX_TEXT_BYTES) {
        return at + "text longer than " + Protocol.MAX_TEXT_BYTES;
      }
      if (AgentConfig.FIM_FORMAT.equals(r.format())) {
        try {
          dev.mimamori.fim.Change c =
              Protocol.json().readValue(r.text(), dev.mimamori.fim.Change.class);
          if (c.root() == null || c.path() == null || c.change() == null || c.severity() == null) {
            return at + "a file change without root, path, kind or severity";
          }
        } catch (java.io.IOException | RuntimeException e) {
          return at + "not a file change";
        }
        continue;
      }
      if (formats.add(r.format())) {
        if (IngestRoutes.SERVER_ONLY_FORMATS.contains(r.format())) {
          return at + "format '" + clip(r.format()) + "' is written by the server only";
        }
        try {
          Parsers.forFormat(r.format());
        } catch (IllegalArgumentException e) {
          return at + e.getMessage();
        }
      }
    }
    return null;
  }

  /**
   * Records a heartbeat and raises an alert when the buffer dropped data since the last one, or a
   * source has fallen far behind.
   *
   * @return the configuration version the agent should run
   */
  public long heartbeat(AgentRepository.Agent agent, Heartbeat hb) throws InterruptedException {
    String health;
    try {
      health = json.writeValueAsString(hb);
    } catch (java.io.IOException e) {
      throw new ApiError(400, "heartbeat unreadable");
    }
    long droppedBefore = 0;
    boolean laggingBefore = false;
    if (agent.health() != null) {
      try {
        JsonNode prev = json.readTree(agent.health());
        droppedBefore = prev.path("buffer").path("dropped").asLong(0);
        for (JsonNode s : prev.path("sources")) {
          laggingBefore |= s.path("lag_bytes").asLong(0) >= LAG_ALERT_BYTES;
        }
      } catch (java.io.IOException e) {
        // an old heartbeat we cannot read: compare with nothing
      }
    }
    store.agents().heartbeat(agent.id(), hb.version(), hb.protocol(), hb.configVersion(), health);
    if (hb.buffer().dropped() > droppedBefore) {
      alert(
          agent,
          RULE_DROPPED,
          Severity.HIGH,
          "Agent "
              + agent.name()
              + " dropped "
              + (hb.buffer().dropped() - droppedBefore)
              + " buffered lines (buffer full, drop-oldest policy)",
          "dropped-" + hb.buffer().dropped());
    }
    Heartbeat.SourceLag worst = null;
    for (Heartbeat.SourceLag s : hb.sources()) {
      if (s.lagBytes() >= LAG_ALERT_BYTES && (worst == null || s.lagBytes() > worst.lagBytes())) {
        worst = s;
      }
    }
    if (worst != null && !laggingBefore) {
      alert(
          agent,
          RULE_LAGGING,
          Severity.MEDIUM,
          "Agent "
              + agent.name()
              + " is "
              + worst.lagBytes() / (1024 * 1024)
              + " MiB behind "
              + worst.path(),
          "lag-" + clock.millis());
    }
    return configVersion(agent);
  }

  private long configVersion(AgentRepository.Agent agent) {
    return store.agents().configFor(agent).map(AgentRepository.Config::version).orElse(0L);
  }

  /** The configuration of the agent's site (version 0 and nothing to watch when none was set). */
  public AgentConfig config(AgentRepository.Agent agent) {
    var c = store.agents().configFor(agent);
    if (c.isEmpty()) {
      return AgentConfig.empty();
    }
    try {
      AgentConfig parsed = json.readValue(c.get().config(), AgentConfig.class);
      return new AgentConfig(
          c.get().version(),
          parsed.logs(),
          parsed.heartbeatSeconds(),
          parsed.roots(),
          parsed.rescanSeconds(),
          parsed.fullScanHours(),
          parsed.actions());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored agent configuration unreadable", e);
    }
  }

  /**
   * Validates a site's agent configuration as an admin sent it ({@code logs}: path and format;
   * {@code heartbeat_seconds}) and returns it as stored.
   */
  public static String validConfig(JsonNode body) {
    List<AgentConfig.WatchedLog> logs = new ArrayList<>();
    JsonNode l = body.path("logs");
    if (!l.isMissingNode() && !l.isArray()) {
      throw new ApiError(400, "logs must be a list of {path, format}");
    }
    if (l.size() > 200) {
      throw new ApiError(400, "at most 200 logs");
    }
    for (JsonNode n : l) {
      String path = n.path("path").asText("");
      String format = n.path("format").asText("auto");
      if (!path.startsWith("/") || path.length() > 4096 || path.indexOf('\0') >= 0) {
        throw new ApiError(400, "a log's path must be absolute (got '" + clip(path) + "')");
      }
      if (IngestRoutes.SERVER_ONLY_FORMATS.contains(format)) {
        throw new ApiError(400, "format '" + clip(format) + "' is written by the server only");
      }
      try {
        Parsers.forFormat(format);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, e.getMessage());
      }
      logs.add(new AgentConfig.WatchedLog(path, format));
    }
    List<String> roots = new ArrayList<>();
    JsonNode r = body.path("roots");
    if (!r.isMissingNode() && !r.isArray()) {
      throw new ApiError(400, "roots must be a list of absolute paths");
    }
    for (JsonNode n : r) {
      String path = n.asText("");
      if (!path.startsWith("/") || path.length() > 4096 || path.indexOf('\0') >= 0) {
        throw new ApiError(400, "a web root must be an absolute path (got '" + clip(path) + "')");
      }
      roots.add(path);
    }
    if (roots.size() > 20) {
      throw new ApiError(400, "at most 20 web roots");
    }
    int hb = body.path("heartbeat_seconds").asInt(AgentConfig.DEFAULT_HEARTBEAT_SECONDS);
    int rescan = body.path("rescan_seconds").asInt(AgentConfig.DEFAULT_RESCAN_SECONDS);
    if (rescan < 10 || rescan > 86_400) {
      throw new ApiError(400, "rescan_seconds must be between 10 and 86400");
    }
    int fullHours = body.path("full_scan_hours").asInt(AgentConfig.DEFAULT_FULL_SCAN_HOURS);
    if (fullHours < 1 || fullHours > 24 * 31) {
      throw new ApiError(400, "full_scan_hours must be between 1 and 744");
    }
    List<String> actions = null;
    JsonNode a = body.path("actions");
    if (!a.isMissingNode() && !a.isNull()) {
      if (!a.isArray()) {
        throw new ApiError(400, "actions must be a list of action types (or absent)");
      }
      actions = new ArrayList<>();
      for (JsonNode n : a) {
        String t = n.asText("");
        if (!dev.mimamori.agent.LocalActions.HOST_TYPES.contains(t)) {
          throw new ApiError(
              400,
              "'"
                  + clip(t)
                  + "' is not an action an agent runs ("
                  + new java.util.TreeSet<>(dev.mimamori.agent.LocalActions.HOST_TYPES)
                  + ")");
        }
        actions.add(t);
      }
    }
    if (hb < 1 || hb > 3600) {
      throw new ApiError(400, "heartbeat_seconds must be between 1 and 3600");
    }
    try {
      return Protocol.json()
          .writeValueAsString(new AgentConfig(0, logs, hb, roots, rescan, fullHours, actions));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Raises one alert per agent that went silent; run every few seconds. */
  public void checkSilence() throws InterruptedException {
    Instant now = clock.instant();
    for (AgentRepository.Agent a : store.agents().silentSince(now.minus(silentAfter))) {
      if (!isSilent(a, now)) {
        continue;
      }
      Instant last = lastWord(a);
      if (alert(
          a,
          RULE_SILENT,
          Severity.HIGH,
          "Agent " + a.name() + " has been silent since " + last,
          "silent-" + last.toEpochMilli())) {
        store.agents().markSilent(a.id());
      }
    }
  }

  /**
   * Whether the agent counts as silent now, by the rule the silence alert uses (the console too).
   */
  public boolean isSilent(AgentRepository.Agent a) {
    return isSilent(a, clock.instant());
  }

  private boolean isSilent(AgentRepository.Agent a, Instant now) {
    long interval = 0;
    if (a.health() != null) {
      try {
        interval = json.readTree(a.health()).path("interval_seconds").asLong(0);
      } catch (java.io.IOException e) {
        interval = 0;
      }
    }
    return silent(lastWord(a), interval, silentAfter, now);
  }

  private static Instant lastWord(AgentRepository.Agent a) {
    return a.lastSeenAt() != null ? a.lastSeenAt() : a.enrolledAt();
  }

  /**
   * Silent: no word for {@code silentAfter}, and, for an agent that reports less often than that
   * ({@code intervalSeconds} from its heartbeat, 0 when unknown), for three of its own intervals.
   */
  static boolean silent(Instant last, long intervalSeconds, Duration silentAfter, Instant now) {
    if (last.plus(silentAfter).isAfter(now)) {
      return false;
    }
    return intervalSeconds <= 0 || !last.plusSeconds(3 * intervalSeconds).isAfter(now);
  }

  private boolean alert(
      AgentRepository.Agent a, String rule, Severity severity, String title, String key)
      throws InterruptedException {
    var site = store.sites().find(TenantScope.of(a.tenant()), a.site());
    String asset = site.map(CspReportRoutes::asset).orElse("site-" + a.site());
    Instant now = clock.instant();
    Alert alert =
        new Alert(
            "agent-" + digest(rule + "\n" + a.id() + "\n" + key).substring(0, 32),
            rule,
            title.length() > 300 ? title.substring(0, 300) : title,
            "agent.health",
            severity,
            a.tenant(),
            asset,
            now,
            null,
            List.of(new EvidenceRef(now, "agent/" + a.id(), 0, 0, title)),
            Set.of(),
            null);
    boolean taken = alerts.submit(alert);
    if (!taken) {
      LOG.warn("alert {} for agent {} not taken (stopping)", rule, a.id());
    }
    return taken;
  }

  private void audit(
      @Nullable String tenant,
      String actor,
      String action,
      @Nullable String target,
      String outcome,
      String ip,
      @Nullable String detail) {
    try {
      store.audit().record(tenant, actor, action, target, outcome, ip, detail);
    } catch (RuntimeException e) {
      LOG.warn("audit: {}", e.toString());
    }
  }

  private static String clip(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return dev.mimamori.incidents.notify.Sanitize.oneLine(t);
  }

  /** The SHA-256 of a public key's encoding: how an agent asking again is recognised. */
  static String keyDigest(java.security.PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
