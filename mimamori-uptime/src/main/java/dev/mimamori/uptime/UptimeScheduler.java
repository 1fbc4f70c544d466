package dev.mimamori.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs monitors at a fixed rate: each monitor's next start is its previous scheduled start plus the
 * interval (not previous end plus interval), so slow checks do not push the schedule later. Starts
 * are spread evenly over the first interval so that 1,000 monitors do not all fire at once. One
 * timer thread only dispatches; checks run on a bounded pool of worker threads. A monitor whose
 * previous check still runs skips its turn (counted). Drift is actual start minus scheduled start,
 * both read from the injected clock.
 */
public final class UptimeScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UptimeScheduler.class);

  private final Clock clock;
  private final Consumer<CheckReport> reports;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final DriftStats drift = new DriftStats();
  private final Map<String, Entry> entries = new HashMap<>();

  private final class Entry {
    final Monitor monitor;
    final AtomicBoolean running = new AtomicBoolean();
    volatile Instant due;
    volatile ScheduledFuture<?> timerTask;
    volatile boolean cancelled;

    Entry(Monitor monitor, Instant due) {
      this.monitor = monitor;
      this.due = due;
      this.timerTask = arm(this);
    }
  }

  /**
   * @param workers threads that run checks; a check blocks at most its timeout, so workers times
   *     the shortest interval over the longest timeout bounds the monitors served without skips
   * @param reports receives every check's report, on a worker thread
   */
  public UptimeScheduler(Clock clock, int workers, Consumer<CheckReport> reports) {
    if (workers < 1 || workers > 1024) {
      throw new IllegalArgumentException("workers must be 1..1024");
    }
    this.clock = clock;
    this.reports = reports;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(daemon("uptime-timer", new AtomicInteger()));
    this.workers =
        Executors.newFixedThreadPool(workers, daemon("uptime-check-", new AtomicInteger()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, AtomicInteger n) {
    return r -> {
      Thread t = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Replaces the running set with these monitors (on start and after configuration changes).
   * Monitors keep their schedule when their id and spec are unchanged; new ones are spread over
   * their first interval.
   */
  public synchronized void replaceAll(List<Monitor> monitors) {
    Map<String, Monitor> wanted = new HashMap<>();
    for (Monitor m : monitors) {
      wanted.put(m.id(), m);
    }
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Monitor w = wanted.get(e.getKey());
      if (w == null || !w.spec().equals(e.getValue().monitor.spec())) {
        e.getValue().cancelled = true;
        e.getValue().timerTask.cancel(false);
        it.remove();
      }
    }
    Instant now = clock.instant();
    List<Monitor> added = new ArrayList<>();
    for (Monitor m : monitors) {
      if (!entries.containsKey(m.id())) {
        added.add(m);
      }
    }
    for (int i = 0; i < added.size(); i++) {
      Monitor m = added.get(i);
      long spreadNanos = m.spec().interval().toNanos() * i / added.size();
      entries.put(m.id(), new Entry(m, now.plusNanos(spreadNanos)));
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  public DriftStats.Snapshot stats() {
    return drift.snapshot();
  }

  private ScheduledFuture<?> arm(Entry e) {
    long delay = Math.max(0, Duration.between(clock.instant(), e.due).toNanos());
    return timer.schedule(() -> fire(e), delay, TimeUnit.NANOSECONDS);
  }

  private void fire(Entry e) {
    if (e.cancelled) {
      return;
    }
    Instant scheduled = e.due;
    drift.due();
    if (e.running.compareAndSet(false, true)) {
      try {
        workers.execute(() -> runCheck(e, scheduled));
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        e.running.set(false);
        return;
      }
    } else {
      drift.skipped();
    }
    Duration interval = e.monitor.spec().interval();
    Instant next = scheduled.plus(interval);
    // After a stall longer than an interval (a paused VM), missed turns are counted, not run in a
    // burst.
    for (Instant now = clock.instant(); next.isBefore(now); next = next.plus(interval)) {
      drift.due();
      drift.skipped();
    }
    e.due = next;
    if (!e.cancelled && !timer.isShutdown()) {
      e.timerTask = arm(e);
    }
  }

  private void runCheck(Entry e, Instant scheduled) {
    drift.started(Duration.between(scheduled, clock.instant()));
    try {
      if (!e.cancelled) {
        reports.accept(e.monitor.check());
      }
    } catch (RuntimeException ex) {
      log.warn("uptime check of {} failed: {}", e.monitor.id(), ex.toString());
    } finally {
      e.running.set(false);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      // Checks end at their timeouts; waiting keeps them from writing into a closed store.
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
