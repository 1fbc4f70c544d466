package dev.mimamori.server.fim;

import dev.mimamori.fim.Change;
import dev.mimamori.fim.FimAlerts;
import dev.mimamori.fim.FimOptions;
import dev.mimamori.fim.FimStore;
import dev.mimamori.fim.FimWatcher;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Severity;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.scan.ContentScanner;
import dev.mimamori.server.ServerConfig.FimRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File integrity inside the server: one watcher over the configured web roots, each change at or
 * above {@code threshold} handed to the pipeline as an alert of the root's tenant and shop.
 */
public final class FimService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FimService.class);

  private final FimWatcher watcher;
  private final Thread thread;

  private FimService(FimWatcher watcher, Thread thread) {
    this.watcher = watcher;
    this.thread = thread;
  }

  /** Starts watching; returns null when there are no roots. */
  public static @Nullable FimService start(
      List<FimRoot> roots,
      Path dataDir,
      Pipeline pipeline,
      List<ContentScanner> scanners,
      Severity threshold,
      Clock clock)
      throws IOException {
    if (roots.isEmpty()) {
      return null;
    }
    FimWatcher watcher =
        new FimWatcher(
            roots.stream().map(FimRoot::root).toList(),
            new FimStore(dataDir),
            FimOptions.defaults()
                .withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
                .withScanners(scanners),
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            Duration.ofMinutes(10),
            Duration.ofHours(24),
            p ->
                LOG.warn(
                    "file integrity: {}: {}",
                    Sanitize.oneLine(p.path()),
                    Sanitize.oneLine(p.reason())),
            clock);
    List<Path> canonical = roots.stream().map(r -> FimStore.canonical(r.root())).toList();
    Thread thread =
        new Thread(
            () -> {
              try {
                watcher.run(
                    change -> {
                      if (!FimAlerts.alerts(change, threshold)) {
                        return;
                      }
                      FimRoot root = rootOf(change, roots, canonical);
                      Alert alert =
                          FimAlerts.toAlert(change, root.tenant(), root.asset(), clock.instant());
                      submit(pipeline, alert);
                    });
              } catch (IOException | RuntimeException e) {
                LOG.error("file integrity watch stopped: {}", Sanitize.oneLine(e.toString()));
              }
            },
            "mimamori-fim-watch");
    thread.setDaemon(true);
    thread.start();
    return new FimService(watcher, thread);
  }

  private static void submit(Pipeline pipeline, Alert alert) {
    try {
      if (!pipeline.submitAlert(alert)) {
        LOG.warn("file change not alerted (stopping): {}", Sanitize.oneLine(alert.title()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static FimRoot rootOf(Change c, List<FimRoot> roots, List<Path> canonical) {
    for (int i = 0; i < roots.size(); i++) {
      if (canonical.get(i).toString().equals(c.root())) {
        return roots.get(i);
      }
    }
    return roots.get(0);
  }

  @Override
  public void close() {
    try {
      watcher.close();
      thread.join(5_000);
    } catch (IOException e) {
      LOG.warn("stopping the file watch: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
