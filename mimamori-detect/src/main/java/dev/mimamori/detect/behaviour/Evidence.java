package dev.mimamori.detect.behaviour;

import dev.mimamori.model.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events an alert will be made of, at most {@code capacity}: either the most recent ones in the
 * window (a sliding count, where the burst that fires is what matters) or the first ones (a surge,
 * where the start of the minute is). Counting goes on beyond the cap; only the lines kept as
 * evidence stop.
 */
final class Evidence {
  private final int capacity;
  private final boolean keepFirst;
  private final ArrayDeque<Event> events = new ArrayDeque<>(4);

  /** The event whose evidence copy was added last, to tell whether a trigger is already held. */
  private @Nullable Event lastAdded;

  Evidence(int capacity, boolean keepFirst) {
    this.capacity = capacity;
    this.keepFirst = keepFirst;
  }

  void add(Event e) {
    if (keepFirst) {
      if (events.size() < capacity) {
        events.addLast(e.asEvidence());
        lastAdded = e;
      }
      return;
    }
    events.addLast(e.asEvidence());
    lastAdded = e;
    if (events.size() > capacity) {
      events.pollFirst();
    }
  }

  /** Forgets the events before {@code cutoff} (epoch milliseconds) at the old end. */
  void expire(long cutoff) {
    while (!events.isEmpty() && events.peekFirst().timestamp().toEpochMilli() < cutoff) {
      events.pollFirst();
    }
  }

  int size() {
    return events.size();
  }

  /**
   * The events kept (as {@link Event#asEvidence()} copies), oldest first, with {@code trigger} last
   * (added if it was not kept).
   */
  List<Event> withTrigger(Event trigger) {
    List<Event> out = new ArrayList<>(events.size() + 1);
    out.addAll(events);
    if (out.isEmpty()
        || lastAdded != trigger
        || out.get(out.size() - 1).logOffset() != trigger.logOffset()) {
      out.add(trigger);
    }
    return out;
  }

  void clear() {
    events.clear();
    lastAdded = null;
  }
}
