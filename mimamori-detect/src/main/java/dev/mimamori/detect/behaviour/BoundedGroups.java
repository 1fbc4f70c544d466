package dev.mimamori.detect.behaviour;

import java.util.Iterator;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * State per group with two caps: on the number of groups, and on the units of state all groups hold
 * together (events kept as evidence, timestamps, distinct values). When either is exceeded the
 * least recently seen groups are dropped, and counted; a group idle for longer than the rule's
 * window (its state all expired) is dropped when a new group comes while it is the eldest, so a
 * stream of one-off addresses does not sit in memory until the caps push it out.
 */
final class BoundedGroups<G extends BoundedGroups.Group> {

  /** What the container needs of a group; rules extend it with their own state. */
  abstract static class Group {
    private static final long REWIND_TOLERANCE = 60_000;

    /** The latest event time seen, epoch milliseconds. */
    long lastSeen = Long.MIN_VALUE;

    /** After an alert the group ignores events until this time (epoch milliseconds). */
    long quietUntil = Long.MIN_VALUE;

    /** Units of state held, as last reported through {@link #update}. */
    int held;

    /**
     * Notes an event at {@code t}. Returns {@code true} when {@code t} lies more than {@code
     * window} (and more than a minute, the lag two sources of one shop may have between them)
     * before what the group has seen: the stream went back in time (an older rotated file read
     * after the current one), so what the group holds says nothing about this part of it and the
     * caller starts the group afresh; a quiet period from the later time is lifted too.
     */
    boolean seen(long t, long window) {
      boolean rewound =
          lastSeen != Long.MIN_VALUE && t < lastSeen - Math.max(window, REWIND_TOLERANCE);
      if (rewound) {
        lastSeen = t;
        quietUntil = Long.MIN_VALUE;
      } else {
        lastSeen = Math.max(lastSeen, t);
      }
      return rewound;
    }
  }

  private final int maxGroups;
  private final long maxHeld;
  private final LinkedHashMap<String, G> groups = new LinkedHashMap<>(256, 0.75f, true);
  private long held;
  private long dropped;

  BoundedGroups(int maxGroups, long maxHeld) {
    this.maxGroups = maxGroups;
    this.maxHeld = maxHeld;
  }

  /** The group of {@code key}, which becomes the most recently seen; {@code null} if none. */
  @Nullable G find(String key) {
    return groups.get(key);
  }

  /**
   * Adds a new group. The eldest group goes first if it has seen nothing since {@code idleBefore}
   * and is not being kept quiet (its state has all expired), so idle groups leave at the rate new
   * ones come; then the eldest goes if there are more groups than allowed.
   */
  G add(String key, G g, long idleBefore, long now) {
    if (!groups.isEmpty()) {
      Iterator<G> it = groups.values().iterator();
      G eldest = it.next();
      if (eldest.lastSeen < idleBefore && eldest.quietUntil <= now) {
        held -= eldest.held;
        it.remove();
      }
    }
    groups.put(key, g);
    if (groups.size() > maxGroups) {
      dropEldest();
    }
    return g;
  }

  /** Records that {@code g} now holds {@code units} of state. */
  void update(G g, int units) {
    held += units - g.held;
    g.held = units;
  }

  /** Drops the eldest groups (never {@code current}) while the state budget is exceeded. */
  void trim(G current) {
    if (held <= maxHeld) {
      return; // the common case: no iterator
    }
    Iterator<G> it = groups.values().iterator();
    while (held > maxHeld && it.hasNext()) {
      G g = it.next();
      if (g != current) {
        held -= g.held;
        it.remove();
        dropped++;
      }
    }
  }

  private void dropEldest() {
    Iterator<G> it = groups.values().iterator();
    G eldest = it.next();
    held -= eldest.held;
    it.remove();
    dropped++;
  }

  int size() {
    return groups.size();
  }

  long held() {
    return held;
  }

  /** Groups dropped for lack of room (not those that went idle). */
  long dropped() {
    return dropped;
  }
}
