package dev.mimamori.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.fim.Change;
import dev.mimamori.fim.FimOptions;
import dev.mimamori.fim.FimStore;
import dev.mimamori.fim.FimWatcher;
import dev.mimamori.scan.heuristics.HeuristicScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File integrity of the shop's web roots on the agent: a baseline of each root (kept in the state
 * directory), then every change within seconds (inotify, and a full pass daily), each change into
 * the buffer as one record for the server to turn into an alert of the agent's site.
 */
final class RootWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RootWatcher.class);

  private final Path stateDir;
  private final DiskBuffer buffer;
  private final Problems problems;
  private final ObjectMapper json = Protocol.json();
  private @Nullable FimWatcher watcher;
  private @Nullable Thread thread;
  private List<Path> roots = List.of();
  private Duration rescan = Duration.ZERO;
  private Duration fullEvery = Duration.ZERO;
  private long counter = System.currentTimeMillis() * 1_000;

  RootWatcher(Path stateDir, DiskBuffer buffer, Problems problems) {
    this.stateDir = stateDir;
    this.buffer = buffer;
    this.problems = problems;
  }

  /**
   * Watches exactly these roots from now on, with a quick pass every {@code rescan} and a full
   * re-hash every {@code full} (restarting the watcher when any of that changed).
   */
  synchronized void watch(List<Path> wanted, Duration rescan, Duration full) {
    if (wanted.equals(roots) && rescan.equals(this.rescan) && full.equals(fullEvery)) {
      return;
    }
    stop();
    roots = List.copyOf(wanted);
    this.rescan = rescan;
    this.fullEvery = full;
    if (roots.isEmpty()) {
      return;
    }
    try {
      FimWatcher w =
          new FimWatcher(
              roots,
              new FimStore(stateDir.resolve("fim")),
              FimOptions.defaults().withThreads(1).withScanners(List.of(new HeuristicScanner())),
              Duration.ofMillis(500),
              Duration.ofSeconds(3),
              rescan,
              fullEvery,
              p -> problems.report("file integrity: " + p.path() + ": " + p.reason()),
              Clock.systemUTC());
      Thread t =
          new Thread(
              () -> {
                try {
                  w.run(this::buffer);
                } catch (IOException | RuntimeException e) {
                  problems.report("file integrity stopped: " + e.getMessage());
                  LOG.warn("file integrity stopped: {}", e.toString());
                }
              },
              "mimamori-agent-fim");
      t.setDaemon(true);
      t.start();
      watcher = w;
      thread = t;
      LOG.info("watching {} web root(s)", roots.size());
    } catch (IOException e) {
      problems.report("file integrity: " + e.getMessage());
      LOG.warn("cannot watch {}: {}", roots, e.toString());
    }
  }

  private void buffer(Change c) {
    try {
      long off;
      synchronized (this) {
        off = Math.max(++counter, System.currentTimeMillis() * 1_000);
        counter = off;
      }
      buffer.append(
          List.of(
              new DiskBuffer.Pending(
                  c.root(), AgentConfig.FIM_FORMAT, null, off, off + 1, 1, text(c), false, 0)));
    } catch (IOException e) {
      problems.report("file change not buffered: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The change as JSON; without its diff lines when they would make it too long to send. */
  private String text(Change c) throws IOException {
    String t = json.writeValueAsString(c);
    if (t.length() <= Protocol.MAX_TEXT_BYTES / 2) {
      return t;
    }
    return json.writeValueAsString(
        new Change(
            c.root(),
            c.path(),
            c.change(),
            c.severity(),
            c.reasons(),
            c.findings(),
            null,
            c.before(),
            c.after(),
            c.files(),
            c.sample().subList(0, Math.min(20, c.sample().size()))));
  }

  private void stop() {
    FimWatcher w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        LOG.debug("closing the file watcher: {}", e.toString());
      }
    }
    watcher = null;
    thread = null;
  }

  @Override
  public synchronized void close() {
    stop();
  }
}
