package dev.mimamori.detect.behaviour;

import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events an alert will be made of, at most {@code capacity}: either the most recent ones in the
 * window (a sliding count, where the burst that fires is what matters) or the first ones (a surge,
 * where the start of the minute is). Counting goes on beyond the cap; only the lines kept as
 * evidence stop.
 *
 * <p>A ring of the events' times beside a ring of the events: expiring, on every event of a group,
 * compares numbers in one array instead of following each held event to its timestamp (two reads of
 * memory the collector has long moved away).
 *
 * <p>Held events are {@link Event#asEvidence()} copies, shared with the other rules that hold the
 * same request, with one exception: an event alone in its group is held as it came. Most groups of
 * a per-address rule see one request in their window, and copying each would cost more than holding
 * one whole event per group; when a second event joins, the lone one is copied, and every later
 * event is copied as it is added, while it is still in the processor's cache (copying each event
 * only when the next joined read it back from memory long after: 7% of a line's time on ordinary
 * traffic).
 */
final class Evidence {
  private static final int SMALL = 16;

  private final int capacity;
  private final boolean keepFirst;
  private long[] times = new long[4];
  private @Nullable Event[] events = new Event[4];
  private int head;
  private int size;

  /** The event added last, as it came: whether an alert's trigger is held already. */
  private @Nullable Event newest;

  /** Whether the one event held (at {@code head}) is held as it came, not as a copy. */
  private boolean loneWhole;

  Evidence(int capacity, boolean keepFirst) {
    this.capacity = capacity;
    this.keepFirst = keepFirst;
  }

  void add(Event e) {
    if (keepFirst && size >= capacity) {
      return;
    }
    if (loneWhole) {
      loneWhole = false;
      if (capacity > 1) { // with room for one it is about to go
        events[head] = java.util.Objects.requireNonNull(events[head]).asEvidence();
      }
    }
    if (size == times.length) {
      grow();
    }
    int at = (head + size) & (times.length - 1);
    times[at] = e.timestamp().toEpochMilli();
    if (size == 0) {
      events[at] = e;
      loneWhole = true;
    } else {
      events[at] = e.asEvidence();
    }
    newest = e;
    size++;
    if (size > capacity) {
      pollFirst();
    }
  }

  /** Doubles the rings (their length stays a power of two), oldest first from index 0. */
  private void grow() {
    int n = times.length;
    long[] t = new long[n * 2];
    Event[] ev = new Event[n * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (n - 1);
      t[i] = times[from];
      ev[i] = events[from];
    }
    times = t;
    events = ev;
    head = 0;
  }

  private void pollFirst() {
    events[head] = null;
    if (size == 1) {
      newest = null;
      loneWhole = false;
    }
    head = (head + 1) & (times.length - 1);
    size--;
  }

  /** Forgets the events before {@code cutoff} (epoch milliseconds) at the old end. */
  void expire(long cutoff) {
    while (size > 0 && times[head] < cutoff) {
      pollFirst();
    }
  }

  int size() {
    return size;
  }

  /**
   * The events kept (as {@link Event#asEvidence()} copies), oldest first, with {@code trigger} last
   * (added if it was not kept).
   */
  List<Event> withTrigger(Event trigger) {
    List<Event> out = new ArrayList<>(size + 1);
    int mask = times.length - 1;
    for (int i = 0; i < size; i++) {
      Event held = java.util.Objects.requireNonNull(events[(head + i) & mask]);
      out.add(loneWhole ? held.asEvidence() : held);
    }
    // Rules expire before they add, so a trigger that was added is the newest held.
    boolean triggerHeld = size > 0 && newest == trigger;
    if (!triggerHeld) {
      out.add(trigger);
    }
    return out;
  }

  void clear() {
    Arrays.fill(events, null);
    newest = null;
    loneWhole = false;
    head = 0;
    size = 0;
  }

  /** Clears for a group that serves another key: rings that grew large are let go. */
  void reset() {
    if (times.length > SMALL) {
      times = new long[4];
      events = new Event[4];
    }
    clear();
  }
}
