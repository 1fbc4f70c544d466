package dev.mimamori.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.agent.protocol.Batch;
import dev.mimamori.agent.protocol.BatchAnswer;
import dev.mimamori.agent.protocol.Command;
import dev.mimamori.agent.protocol.Enrollment;
import dev.mimamori.agent.protocol.Heartbeat;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.agent.protocol.WireRecord;
import dev.mimamori.sensors.source.Globs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: tailers fill the buffer, the shipper empties it into the server, the heartbeat
 * reports health and brings newer configuration, which is applied without a restart.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final String CONFIG_FILE = "config.json";
  private static final int BATCH_RECORDS = 1_000;
  private static final long BATCH_BYTES = 2L * 1024 * 1024;

  /** How often the agent asks for response commands. */
  static final long COMMAND_POLL_MILLIS = 1_000;

  private final AgentOptions options;
  private final AgentIdentity identity;
  private final DiskBuffer buffer;
  private final ServerLink link;
  private final ObjectMapper json = Protocol.json();
  private final Problems problems = new Problems();
  private final Map<Path, LogTailer> tailers = new ConcurrentHashMap<>();
  private final RootWatcher roots;
  private final CommandRunner commands;

  /** Results not yet taken by the server, by command id: posted again, never run again. */
  private final Map<String, Command.Result> unreported = new ConcurrentHashMap<>();

  private final List<Thread> threads = new ArrayList<>();
  private volatile AgentConfig config;
  private volatile boolean stopped;
  private volatile boolean refused;

  private Agent(
      AgentOptions options, AgentIdentity identity, DiskBuffer buffer, AgentConfig config) {
    this.options = options;
    this.identity = identity;
    this.buffer = buffer;
    this.config = config;
    this.link = new ServerLink(options.server(), identity.sslContext());
    this.roots = new RootWatcher(options.stateDir(), buffer, problems);
    this.commands = new CommandRunner(options.actions());
  }

  /** Enrolls when the state directory holds no identity yet, then starts every thread. */
  public static Agent start(AgentOptions options) throws IOException, InterruptedException {
    Files.createDirectories(options.stateDir());
    AgentIdentity identity =
        AgentIdentity.exists(options.stateDir())
            ? AgentIdentity.load(options.stateDir())
            : enroll(options);
    DiskBuffer buffer =
        DiskBuffer.open(
            options.stateDir().resolve("buffer"), options.bufferMaxBytes(), options.fullPolicy());
    AgentConfig saved = AgentConfig.empty();
    Path cf = options.stateDir().resolve(CONFIG_FILE);
    if (Files.exists(cf)) {
      try {
        saved = Protocol.json().readValue(cf.toFile(), AgentConfig.class);
      } catch (IOException e) {
        LOG.warn("{} unreadable, waiting for the server's configuration: {}", cf, e.toString());
      }
    }
    Agent a = new Agent(options, identity, buffer, saved);
    a.startThreads();
    LOG.info("agent {} shipping to {}", identity.agentId(), options.server());
    return a;
  }

  /** The one-time exchange of the token for a certificate. */
  static AgentIdentity enroll(AgentOptions o) throws IOException, InterruptedException {
    if (o.enrollToken() == null) {
      throw new IOException(
          o.stateDir() + " holds no agent identity: enroll once with --enroll-token");
    }
    String[] parts = AgentOptions.splitToken(o.enrollToken());
    // The key is kept before the token is spent: an agent that crashes after the server took the
    // token asks again with the same key and gets its own agent back.
    KeyPair pair = AgentIdentity.pendingKey(o.stateDir()).orElse(null);
    if (pair == null) {
      pair = AgentIdentity.newKeyPair();
      AgentIdentity.saveKey(o.stateDir(), pair.getPrivate());
    }
    String name = HostFacts.hostName();
    long pause = 1_000;
    while (true) {
      try {
        var ca = ServerLink.pinnedCa(o.server(), parts[1]);
        ServerLink link = new ServerLink(o.server(), AgentIdentity.trusting(ca));
        ServerLink.Answer a =
            link.post(
                Protocol.ENROLL,
                new Enrollment.Request(
                    Protocol.VERSION,
                    parts[0],
                    AgentIdentity.csr(pair, name),
                    name,
                    HostFacts.facts(o.version())));
        if (a.status() >= 500) {
          throw new java.net.ConnectException("the server answered " + a.status());
        }
        if (!a.ok()) {
          throw new ServerLink.LinkException(a.status(), "enrollment refused: " + link.problem(a));
        }
        return finish(o, link.read(a, Enrollment.Answer.class));
      } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
        // The server is not there yet: keep trying, as a service started before it would.
        LOG.warn("enrollment: server unreachable ({}); retrying in {} s", e, pause / 1000);
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 30_000);
      }
    }
  }

  private static AgentIdentity finish(AgentOptions o, Enrollment.Answer answer) throws IOException {
    AgentIdentity.saveIssued(o.stateDir(), answer.certificate(), answer.ca());
    LOG.info("enrolled as agent {} of site {}", answer.agent(), answer.site());
    return AgentIdentity.load(o.stateDir());
  }

  public String id() {
    return identity.agentId();
  }

  private void startThreads() {
    thread("mimamori-agent-ship", this::shipLoop);
    thread("mimamori-agent-heartbeat", this::heartbeatLoop);
    thread("mimamori-agent-watch", this::watchLoop);
    thread("mimamori-agent-commands", this::commandLoop);
  }

  private void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Sends what is buffered, oldest first, one batch at a time; forgets it once stored. */
  private void shipLoop() {
    long pause = 500;
    while (!stopped) {
      try {
        List<WireRecord> records = buffer.read(buffer.acked(), BATCH_RECORDS, BATCH_BYTES, 1_000);
        if (records.isEmpty()) {
          continue;
        }
        Batch batch =
            new Batch(
                Protocol.VERSION,
                identity.agentId(),
                records.get(0).seq(),
                records.get(records.size() - 1).seq(),
                buffer.dropped(),
                records,
                buffer.id());
        ServerLink.Answer a = link.post(Protocol.BATCHES, batch);
        if (a.ok() || a.status() == 409) {
          // 409: everything in it was stored before (the answer to an earlier send was lost).
          BatchAnswer answer = link.read(a, BatchAnswer.class);
          buffer.ack(Math.min(answer.ackedSeq(), batch.last()), records);
          refused = false;
          pause = 500;
          continue;
        }
        refused = a.status() == 401 || a.status() == 403;
        if (problems.report("the server refused a batch: " + link.problem(a))) {
          LOG.warn("batch {}-{} refused: {}", batch.first(), batch.last(), link.problem(a));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (stopped) {
          return;
        }
        if (problems.report("sending failed: " + e)) {
          LOG.warn("sending failed, retrying: {}", e.toString());
        }
      }
      pause = refused ? 30_000 : Math.min(pause * 2, 30_000);
      if (sleep(pause)) {
        return;
      }
    }
  }

  /** Reports health; fetches and applies a newer configuration the server mentions. */
  private void heartbeatLoop() {
    while (!stopped) {
      try {
        ServerLink.Answer a = link.post(Protocol.HEARTBEAT, heartbeat());
        if (a.ok()) {
          long offered = json.readTree(a.body()).path("config_version").asLong(0);
          if (offered > config.version()) {
            fetchConfig();
          }
        } else {
          problems.report("the server refused a heartbeat: " + link.problem(a));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.debug("heartbeat failed: {}", e.toString());
      }
      int every =
          options.heartbeatSeconds() > 0 ? options.heartbeatSeconds() : config.heartbeatSeconds();
      if (sleep(every * 1000L)) {
        return;
      }
    }
  }

  private void fetchConfig() throws IOException, InterruptedException {
    ServerLink.Answer a = link.get(Protocol.CONFIG);
    if (!a.ok()) {
      problems.report("configuration not fetched: " + link.problem(a));
      return;
    }
    AgentConfig next = link.read(a, AgentConfig.class);
    Path cf = options.stateDir().resolve(CONFIG_FILE);
    Path tmp = options.stateDir().resolve(CONFIG_FILE + ".tmp");
    json.writeValue(tmp.toFile(), next);
    Files.move(tmp, cf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    config = next;
    LOG.info("configuration version {} applied: {} logs", next.version(), next.logs().size());
    reconcile();
  }

  Heartbeat heartbeat() {
    List<Heartbeat.SourceLag> lags = new ArrayList<>();
    for (LogTailer t : tailers.values()) {
      lags.add(new Heartbeat.SourceLag(t.path().toString(), t.format(), t.lagBytes()));
    }
    lags.sort(java.util.Comparator.comparing(Heartbeat.SourceLag::path));
    return new Heartbeat(
        options.version(),
        Protocol.VERSION,
        config.version(),
        lags,
        new Heartbeat.BufferState(
            buffer.bytes(),
            buffer.maxBytes(),
            buffer.pending(),
            buffer.dropped(),
            buffer.policy().wireName()),
        hostFacts(),
        problems.recent(),
        options.heartbeatSeconds() > 0 ? options.heartbeatSeconds() : config.heartbeatSeconds());
  }

  /**
   * Asks for the server's response commands every second and runs each once: its result is kept
   * until the server took it, so a lost answer makes the agent post again, not run again.
   */
  /** Whether the site's configuration lets its agents run this action (null: all the host does). */
  private boolean allowedBySite(Command c) {
    List<String> allowed = config.actions();
    return allowed == null || allowed.contains(c.action());
  }

  private static Command.Result refuse(Command c) {
    LOG.info("command {}: {} refused: not among the site's agent actions", c.id(), c.action());
    return new Command.Result(
        Command.Result.REFUSED,
        false,
        false,
        "the site's agent configuration does not let its agents run " + c.action());
  }

  private void commandLoop() {
    while (!stopped) {
      try {
        ServerLink.Answer a = link.get(Protocol.COMMANDS);
        if (a.ok()) {
          for (Command c : link.read(a, Command.Pending.class).commands()) {
            if (stopped) {
              return;
            }
            Command.Result r =
                unreported.computeIfAbsent(
                    c.id(), id -> allowedBySite(c) ? commands.run(c) : refuse(c));
            report(c.id(), r);
          }
        } else if (a.status() != 404) {
          problems.report("commands not fetched: " + link.problem(a));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.debug("commands: {}", e.toString());
      }
      if (sleep(COMMAND_POLL_MILLIS)) {
        return;
      }
    }
  }

  private void report(String id, Command.Result r) throws IOException, InterruptedException {
    ServerLink.Answer a = link.post(Protocol.commandResult(id), r);
    if (a.ok() || a.status() == 404 || a.status() == 409) {
      unreported.remove(id);
    } else {
      problems.report("result of command " + id + " not taken: " + link.problem(a));
    }
  }

  /** The host's facts and the response actions it permits, so the SOC sees what it may ask. */
  private Map<String, String> hostFacts() {
    Map<String, String> m = new LinkedHashMap<>(HostFacts.facts(options.version()));
    List<String> permitted = new ArrayList<>(options.actions().types());
    java.util.Collections.sort(permitted);
    m.put("response_actions", permitted.isEmpty() ? "none" : String.join(",", permitted));
    return m;
  }

  /** Looks for the files the configuration names every two seconds (globs pick up new files). */
  private void watchLoop() {
    while (!stopped) {
      reconcile();
      if (sleep(2_000)) {
        return;
      }
    }
  }

  private synchronized void reconcile() {
    java.util.Set<Path> webRoots = new java.util.LinkedHashSet<>(options.localRoots());
    for (String r : config.roots()) {
      webRoots.add(Path.of(r));
    }
    if (!stopped) {
      roots.watch(
          List.copyOf(webRoots),
          java.time.Duration.ofSeconds(config.rescanSeconds()),
          java.time.Duration.ofHours(config.fullScanHours()));
    }
    Map<Path, String> wanted = new LinkedHashMap<>();
    List<AgentConfig.WatchedLog> all = new ArrayList<>(options.localLogs());
    all.addAll(config.logs());
    for (AgentConfig.WatchedLog w : all) {
      Path p = Path.of(w.path());
      try {
        if (Globs.isPattern(p)) {
          for (Path f : Globs.matches(p, true)) {
            wanted.putIfAbsent(f, w.format());
          }
        } else {
          wanted.putIfAbsent(p, w.format());
        }
      } catch (IOException e) {
        problems.report(w.path() + ": " + e.getMessage());
      }
    }
    for (var e : tailers.entrySet()) {
      String format = wanted.get(e.getKey());
      if (format == null || !format.equals(e.getValue().format())) {
        e.getValue().stop();
        tailers.remove(e.getKey());
      }
    }
    for (var e : wanted.entrySet()) {
      if (!stopped && !tailers.containsKey(e.getKey())) {
        LogTailer t = new LogTailer(e.getKey(), e.getValue(), buffer, problems);
        tailers.put(e.getKey(), t);
        Thread th = new Thread(t, "mimamori-agent-tail-" + tailers.size());
        th.setDaemon(true);
        th.start();
      }
    }
  }

  /** Sleeps; true when the agent stopped meanwhile. */
  private boolean sleep(long millis) {
    long end = System.currentTimeMillis() + millis;
    while (!stopped) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(left, 200));
      } catch (InterruptedException e) {
        return true;
      }
    }
    return true;
  }

  /** Records buffered and not yet stored by the server. */
  public long pending() {
    return buffer.pending();
  }

  public @Nullable String lastProblem() {
    List<String> r = problems.recent();
    return r.isEmpty() ? null : r.get(r.size() - 1);
  }

  @Override
  public void close() {
    stopped = true;
    tailers.values().forEach(LogTailer::stop);
    roots.close();
    try {
      buffer.close();
    } catch (IOException e) {
      LOG.warn("closing the buffer: {}", e.toString());
    }
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
