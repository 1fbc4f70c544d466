package dev.mimamori.uptime;

import java.time.Duration;
import java.util.Arrays;

/**
 * How late checks started against their schedule, and how many ran of those that were due. Keeps
 * the most recent {@link #CAPACITY} drifts.
 */
public final class DriftStats {
  static final int CAPACITY = 1 << 20;

  private final long[] micros = new long[CAPACITY];
  private long recorded;
  private long due;
  private long skipped;

  synchronized void due() {
    due++;
  }

  synchronized void skipped() {
    skipped++;
  }

  synchronized void started(Duration drift) {
    micros[(int) (recorded % CAPACITY)] = Math.max(0, drift.toNanos() / 1000);
    recorded++;
  }

  /** A copy of the figures so far. */
  public synchronized Snapshot snapshot() {
    int n = (int) Math.min(recorded, CAPACITY);
    long[] sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    return new Snapshot(
        due,
        recorded,
        skipped,
        Duration.ofNanos(at(sorted, 0.50) * 1000),
        Duration.ofNanos(at(sorted, 0.99) * 1000),
        Duration.ofNanos(n == 0 ? 0 : sorted[n - 1] * 1000));
  }

  private static long at(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  /**
   * @param due checks whose time came
   * @param started checks that started (due minus skipped minus those still queued)
   * @param skipped checks not started because the previous one of the same monitor still ran
   */
  public record Snapshot(
      long due, long started, long skipped, Duration p50, Duration p99, Duration max) {}
}
