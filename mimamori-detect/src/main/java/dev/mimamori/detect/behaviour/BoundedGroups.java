package dev.mimamori.detect.behaviour;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * State per group with two caps: on the number of groups, and on the units of state all groups hold
 * together (events kept as evidence, timestamps, distinct values). When either is exceeded the
 * least recently seen groups are dropped, and counted; a group idle for longer than the rule's
 * window (its state all expired) is dropped when a new group comes while it is the eldest, so a
 * stream of one-off addresses does not sit in memory until the caps push it out.
 *
 * <p>A group is found by its shop's key and its value (that of the rule's {@code group_by} fields,
 * see {@link GroupKey#value}): the event's own strings, so finding a group makes no key. The groups
 * are themselves the entries of the hash table and of its least-recently-seen list, and a group
 * that went idle is cleared and reused for the next new one ({@link Group#clearForReuse}): a rule
 * that sees one request from each of many addresses, as a flood rule does on ordinary traffic,
 * allocates nothing per event for its table.
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

    // The table's links: the key, the next group of the same bucket, and the neighbours in the
    // order groups were last seen.
    private String shop = "";
    private String value = "";
    private int hash;
    private @Nullable Group nextInBucket;
    private @Nullable Group older;
    private @Nullable Group newer;

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

    /**
     * Clears what the rule keeps in the group so that it can serve another key, as if new; returns
     * {@code false} (the default) when the rule would rather have a new group.
     */
    boolean clearForReuse() {
      return false;
    }
  }

  private static final int FIRST_BUCKETS = 256;

  private final int maxGroups;
  private final long maxHeld;
  private @Nullable Group[] buckets = new Group[FIRST_BUCKETS];
  private int size;
  private @Nullable Group eldest;
  private @Nullable Group newest;
  private long held;
  private long dropped;

  BoundedGroups(int maxGroups, long maxHeld) {
    this.maxGroups = maxGroups;
    this.maxHeld = maxHeld;
  }

  private static int hash(String shop, String value) {
    int h = shop.hashCode() * 31 + value.hashCode();
    return h ^ (h >>> 16);
  }

  /**
   * The group of {@code shop} and {@code value}, which becomes the most recently seen; {@code null}
   * if none.
   */
  @SuppressWarnings("unchecked")
  @Nullable G find(String shop, String value) {
    int h = hash(shop, value);
    for (Group g = buckets[h & (buckets.length - 1)]; g != null; g = g.nextInBucket) {
      if (g.hash == h && g.value.equals(value) && g.shop.equals(shop)) {
        if (g != newest) {
          unlinkFromOrder(g);
          linkNewest(g);
        }
        return (G) g;
      }
    }
    return null;
  }

  /**
   * Adds a group for a key {@link #find} did not find. The eldest group goes first if it has seen
   * nothing since {@code idleBefore} and is not being kept quiet (its state has all expired), so
   * idle groups leave at the rate new ones come, and it becomes the new group if it can be cleared
   * for reuse; otherwise {@code fresh} makes one. Then the eldest goes if there are more groups
   * than allowed.
   */
  @SuppressWarnings("unchecked")
  G add(String shop, String value, Supplier<G> fresh, long idleBefore, long now) {
    G g = null;
    Group e = eldest;
    if (e != null && e.lastSeen < idleBefore && e.quietUntil <= now) {
      held -= e.held;
      remove(e);
      if (e.clearForReuse()) {
        g = (G) e;
        g.lastSeen = Long.MIN_VALUE;
        g.quietUntil = Long.MIN_VALUE;
        g.held = 0;
      }
    }
    if (g == null) {
      g = fresh.get();
    }
    Group entry = g; // the table's fields are private to Group, not visible through G
    entry.shop = shop;
    entry.value = value;
    entry.hash = hash(shop, value);
    int i = entry.hash & (buckets.length - 1);
    entry.nextInBucket = buckets[i];
    buckets[i] = entry;
    linkNewest(entry);
    size++;
    if (size > maxGroups) {
      dropEldest();
    }
    if (size > buckets.length - (buckets.length >>> 2)) {
      grow();
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
      return; // the common case
    }
    Group g = eldest;
    while (held > maxHeld && g != null) {
      Group next = g.newer;
      if (g != current) {
        held -= g.held;
        remove(g);
        dropped++;
      }
      g = next;
    }
  }

  private void dropEldest() {
    Group e = eldest;
    if (e != null) {
      held -= e.held;
      remove(e);
      dropped++;
    }
  }

  /** Takes {@code g} out of its bucket and out of the order. */
  private void remove(Group g) {
    int i = g.hash & (buckets.length - 1);
    Group at = buckets[i];
    if (at == g) {
      buckets[i] = g.nextInBucket;
    } else {
      while (at != null && at.nextInBucket != g) {
        at = at.nextInBucket;
      }
      if (at != null) {
        at.nextInBucket = g.nextInBucket;
      }
    }
    g.nextInBucket = null;
    unlinkFromOrder(g);
    size--;
  }

  private void unlinkFromOrder(Group g) {
    Group o = g.older;
    Group n = g.newer;
    if (o == null) {
      eldest = n;
    } else {
      o.newer = n;
    }
    if (n == null) {
      newest = o;
    } else {
      n.older = o;
    }
    g.older = null;
    g.newer = null;
  }

  private void linkNewest(Group g) {
    Group last = newest;
    g.older = last;
    g.newer = null;
    if (last == null) {
      eldest = g;
    } else {
      last.newer = g;
    }
    newest = g;
  }

  /** Doubles the buckets and puts every group in its new one. */
  private void grow() {
    @Nullable Group[] bigger = new Group[buckets.length * 2];
    int mask = bigger.length - 1;
    for (Group g = eldest; g != null; g = g.newer) {
      int i = g.hash & mask;
      g.nextInBucket = bigger[i];
      bigger[i] = g;
    }
    buckets = bigger;
  }

  int size() {
    return size;
  }

  long held() {
    return held;
  }

  /** Groups dropped for lack of room (not those that went idle). */
  long dropped() {
    return dropped;
  }
}
