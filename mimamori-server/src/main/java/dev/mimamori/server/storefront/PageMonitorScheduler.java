package dev.mimamori.server.storefront;

import dev.mimamori.store.PageMonitorRepository.PageMonitor;
import dev.mimamori.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for due page monitors every few seconds and runs their checks on a fixed number of workers,
 * each check in a browser of its own (bounded memory: at most {@code workers} Chromiums at once; a
 * hung one is killed by its visit's deadline). A monitor already queued or running is not taken
 * again; due monitors wait in the database, not in memory.
 */
public final class PageMonitorScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PageMonitorScheduler.class);

  private final Store store;
  private final PageMonitorCheck check;
  private final Clock clock;
  private final int workers;
  private final ThreadPoolExecutor pool;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong checksRun = new AtomicLong();
  private final AtomicLong checksFailed = new AtomicLong();
  private @org.jspecify.annotations.Nullable ScheduledExecutorService ticker;

  public PageMonitorScheduler(Store store, PageMonitorCheck check, Clock clock, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    this.store = store;
    this.check = check;
    this.clock = clock;
    this.workers = workers;
    this.pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "mimamori-page-monitor");
              t.setDaemon(true);
              return t;
            });
  }

  public PageMonitorScheduler start(long tickMillis) {
    ticker =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mimamori-page-monitor-tick");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, tickMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("page monitor schedule: {}", e.toString());
    }
  }

  /** Takes the monitors due now, as many as there are free workers, and queues their checks. */
  public int tick() {
    int free = workers - inFlight.size();
    if (free <= 0) {
      return 0;
    }
    List<PageMonitor> due = store.pageMonitors().takeDue(clock.instant(), free);
    int queued = 0;
    for (PageMonitor m : due) {
      if (!inFlight.add(m.id())) {
        // Asked for while its check still runs ("check now"): look again shortly, not an
        // interval later.
        store.pageMonitors().dueAgain(m.id(), clock.instant().plusSeconds(10));
        continue;
      }
      queued++;
      pool.execute(
          () -> {
            try {
              checksRun.incrementAndGet();
              if (PageMonitorCheck.FAILED.equals(check.run(m))) {
                checksFailed.incrementAndGet();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              checksFailed.incrementAndGet();
              LOG.warn("page monitor {}: check failed: {}", m.id(), e.toString());
            } finally {
              inFlight.remove(m.id());
            }
          });
    }
    return queued;
  }

  /** Checks started since the start, and how many of them failed. */
  public long checksRun() {
    return checksRun.get();
  }

  public long checksFailed() {
    return checksFailed.get();
  }

  /** Whether no check is queued or running (tests wait for this). */
  public boolean idle() {
    return inFlight.isEmpty();
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: the executor's state. */
  ExecutorService pool() {
    return pool;
  }
}
