package dev.mimamori.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Up or down as confirmed by retries: one failed check is a blip, {@code failuresToDown} in a row
 * is down; {@code successesToUp} in a row is up again. When confirmed changes come faster than
 * {@code flapChanges} per {@code flapWindow}, one {@link UptimeEvent.Flapping} is announced and
 * further changes are silent until a whole window passes without one. Not thread-safe: one check of
 * a monitor runs at a time.
 */
public final class MonitorState {
  /** The confirmed state. */
  public enum Status {
    UNKNOWN,
    UP,
    DOWN
  }

  private final String target;
  private final int failuresToDown;
  private final int successesToUp;
  private final int flapChanges;
  private final Duration flapWindow;
  private final Clock clock;
  private final Deque<Instant> changes = new ArrayDeque<>();
  private Status status = Status.UNKNOWN;
  private boolean flapping;
  private int failures;
  private int successes;
  private @Nullable Instant downSince;

  public MonitorState(
      String target,
      int failuresToDown,
      int successesToUp,
      int flapChanges,
      Duration flapWindow,
      Clock clock) {
    if (flapChanges < 2) {
      throw new IllegalArgumentException("flapping needs at least 2 changes");
    }
    this.target = target;
    this.failuresToDown = failuresToDown;
    this.successesToUp = successesToUp;
    this.flapChanges = flapChanges;
    this.flapWindow = flapWindow;
    this.clock = clock;
  }

  /** With the spec's confirmation counts and flapping at 4 changes in 10 minutes. */
  public static MonitorState forSpec(String target, CheckSpec spec, Clock clock) {
    return new MonitorState(
        target, spec.failuresToDown(), spec.successesToUp(), 4, Duration.ofMinutes(10), clock);
  }

  public Status status() {
    return status;
  }

  /**
   * Starts from a state confirmed before (a restart, a settings edit): a site that was down does
   * not go down again, and its recovery is announced.
   */
  public void restore(Status confirmed, @Nullable Instant downSince) {
    this.status = confirmed;
    this.downSince = confirmed == Status.DOWN ? downSince : null;
  }

  public boolean flapping() {
    return flapping;
  }

  /** Feeds one check's result; returns the events to announce (usually none). */
  public List<UptimeEvent> record(boolean ok, String reason) {
    Instant now = clock.instant();
    List<UptimeEvent> out = new ArrayList<>();
    prune(now);
    if (flapping && changes.isEmpty()) {
      flapping = false;
      out.add(new UptimeEvent.Stable(target, now, status != Status.DOWN));
    }
    if (ok) {
      successes++;
      failures = 0;
      // The first good check after start is the baseline, not news.
      if (status == Status.UNKNOWN) {
        status = Status.UP;
      } else if (status == Status.DOWN && successes >= successesToUp) {
        Instant since = downSince == null ? now : downSince;
        change(
            Status.UP, now, new UptimeEvent.CameUp(target, now, Duration.between(since, now)), out);
      }
    } else {
      failures++;
      successes = 0;
      if (status != Status.DOWN && failures >= failuresToDown) {
        downSince = now;
        change(Status.DOWN, now, new UptimeEvent.WentDown(target, now, reason, failures), out);
      }
    }
    return out;
  }

  private void change(Status to, Instant now, UptimeEvent event, List<UptimeEvent> out) {
    status = to;
    changes.addLast(now);
    if (flapping) {
      return;
    }
    if (changes.size() >= flapChanges) {
      flapping = true;
      out.add(new UptimeEvent.Flapping(target, now, changes.size(), flapWindow));
      return;
    }
    out.add(event);
  }

  private void prune(Instant now) {
    Instant cutoff = now.minus(flapWindow);
    while (!changes.isEmpty() && changes.peekFirst().isBefore(cutoff)) {
      changes.removeFirst();
    }
  }
}
