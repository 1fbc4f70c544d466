package dev.mimamori.detect.sigma;

import dev.mimamori.detect.Firing;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A correlation rule at run time: state per group ({@code group-by} values, always within one
 * tenant and shop), in event time taken from the events' timestamps.
 *
 * <p>A condition that stays true once reached ({@code gt}, {@code gte}) is tested on a sliding
 * window as each event arrives, and fires the moment it holds; the group then starts afresh. One
 * that can become false again ({@code lt}, {@code lte}, {@code eq}, {@code neq}, ranges) is tested
 * once, when the group's window (from its first event, {@code timespan} long) closes; a window
 * closes when an event at or past its end is seen by the rule set, so a quiet stream delays it.
 *
 * <p>State is bounded: at most {@code maxGroups} groups and {@code maxStoredEvents} stored events
 * (least recently seen groups are dropped first); {@code value_count} keeps the latest event per
 * distinct value, {@code temporal} the latest per rule, and counts stop at the point where the
 * answer can no longer change. Events arriving slightly out of order are counted; those older than
 * the window are not.
 */
final class Correlator {
  private final RuleMeta meta;
  private final CorrelationType type;
  private final int refCount;

  /** Per referenced rule, the ECS fields whose values make the group. */
  private final String[][] groupFields;

  /** Per referenced rule, for value_count, the ECS fields whose values are counted. */
  private final String[][] valueFields;

  private final long span;
  private final CountCondition condition;
  private final boolean sliding;
  private final long saturation;
  private final int maxGroups;
  private final int maxStored;
  private final int maxEvidence;

  private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>(64, 0.75f, true);
  private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
  private int stored;
  private long windows;

  Correlator(
      RuleMeta meta,
      CorrelationType type,
      String[][] groupFields,
      String[][] valueFields,
      long spanMillis,
      CountCondition condition,
      SigmaOptions options) {
    this.meta = meta;
    this.type = type;
    this.refCount = groupFields.length;
    this.groupFields = groupFields;
    this.valueFields = valueFields;
    this.span = spanMillis;
    this.condition = condition;
    this.sliding = condition.monotone();
    this.saturation = condition.saturation();
    this.maxGroups = options.maxGroups();
    this.maxStored = options.maxStoredEvents();
    this.maxEvidence = options.maxEvidence();
  }

  int groupCount() {
    return groups.size();
  }

  private record Deadline(long at, String key, long window) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      return Long.compare(at, o.at);
    }
  }

  /** A chain of signals matching the first k rules of a temporal_ordered correlation. */
  private record Chain(long start, List<Signal> signals) {}

  private static final class Group {
    long windowStart;
    long window;
    long count;
    int size;
    final ArrayDeque<Signal> signals = new ArrayDeque<>();
    @Nullable LinkedHashMap<String, Signal> values;
    Signal @Nullable [] perRef;
    Chain @Nullable [] chains;
  }

  /** Closes the windows that end at or before {@code now}; returns what fires. */
  List<Firing> advance(long now) {
    List<Firing> out = null;
    while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
      Deadline d = deadlines.poll();
      Group g = groups.get(d.key());
      if (g != null && g.window == d.window()) {
        out = add(out, close(d.key(), g));
      }
    }
    if (deadlines.size() > 2 * maxGroups + 16) {
      // Deadlines of dropped groups linger until due; rebuild from the live groups.
      deadlines.clear();
      groups.forEach((k, g) -> deadlines.add(new Deadline(g.windowStart + span, k, g.window)));
    }
    return out == null ? List.of() : out;
  }

  /** One input from referenced rule {@code ref}; returns what fires. */
  List<Firing> accept(int ref, Signal s) {
    String key = key(s.trigger(), groupFields[ref]);
    if (key == null) {
      return List.of();
    }
    String value = null;
    if (type == CorrelationType.VALUE_COUNT) {
      value = valueKey(s.trigger(), valueFields[ref]);
      if (value == null) {
        return List.of();
      }
    }
    Group g = groups.get(key);
    List<Firing> out = null;
    if (g != null && !sliding && s.time() >= g.windowStart + span) {
      out = add(out, close(key, g));
      g = null;
    }
    if (g == null) {
      g = new Group();
      g.windowStart = s.time();
      g.window = ++windows;
      groups.put(key, g);
      if (!sliding) {
        deadlines.add(new Deadline(g.windowStart + span, key, g.window));
      }
    }
    Firing f = sliding ? slide(key, g, ref, s, value) : collect(g, ref, s, value);
    if (f == null) {
      bound();
    }
    return f == null ? (out == null ? List.of() : out) : add(out, f);
  }

  private @Nullable Firing slide(String key, Group g, int ref, Signal s, @Nullable String value) {
    long cutoff = s.time() - span;
    long metric;
    switch (type) {
      case EVENT_COUNT -> {
        while (!g.signals.isEmpty() && g.signals.peekFirst().time() < cutoff) {
          g.signals.pollFirst();
        }
        g.signals.addLast(s);
        resize(g, g.signals.size());
        metric = g.size;
      }
      case VALUE_COUNT -> {
        LinkedHashMap<String, Signal> vs = values(g);
        vs.remove(value);
        vs.put(value, s);
        evictOlder(vs, cutoff);
        resize(g, vs.size());
        metric = g.size;
      }
      case TEMPORAL -> {
        Signal[] per = perRef(g);
        per[ref] = s;
        int seen = 0;
        for (int i = 0; i < per.length; i++) {
          if (per[i] != null && per[i].time() < cutoff) {
            per[i] = null;
          }
          seen += per[i] == null ? 0 : 1;
        }
        resize(g, seen);
        metric = seen;
      }
      default -> {
        return ordered(key, g, ref, s, cutoff);
      }
    }
    if (!condition.test(metric)) {
      return null;
    }
    List<Signal> parts;
    if (type == CorrelationType.EVENT_COUNT) {
      parts = new ArrayList<>(g.signals);
    } else if (type == CorrelationType.VALUE_COUNT) {
      parts = new ArrayList<>(values(g).values());
    } else {
      parts = present(perRef(g));
    }
    remove(key, g);
    return firing(parts, s.trigger());
  }

  private @Nullable Firing ordered(String key, Group g, int ref, Signal s, long cutoff) {
    Chain[] best = chains(g);
    int size = 0;
    for (int i = 0; i < best.length; i++) {
      if (best[i] != null && best[i].start() < cutoff) {
        best[i] = null;
      }
    }
    if (ref == 0) {
      best[0] = new Chain(s.time(), List.of(s));
    } else if (best[ref - 1] != null) {
      Chain prev = best[ref - 1];
      if (best[ref] == null || prev.start() >= best[ref].start()) {
        List<Signal> sig = new ArrayList<>(prev.signals());
        sig.add(s);
        best[ref] = new Chain(prev.start(), List.copyOf(sig));
      }
    }
    for (Chain c : best) {
      size += c == null ? 0 : c.signals().size();
    }
    resize(g, size);
    Chain done = best[best.length - 1];
    if (done == null) {
      return null;
    }
    remove(key, g);
    return firing(done.signals(), s.trigger());
  }

  private @Nullable Firing collect(Group g, int ref, Signal s, @Nullable String value) {
    g.signals.addLast(s);
    if (g.signals.size() > maxEvidence) {
      g.signals.pollFirst();
    }
    switch (type) {
      case EVENT_COUNT -> g.count = Math.min(g.count + 1, saturation);
      case VALUE_COUNT -> {
        LinkedHashMap<String, Signal> vs = values(g);
        if (vs.size() < saturation || vs.containsKey(value)) {
          vs.put(value, s);
        }
        g.count = vs.size();
      }
      default -> {
        Signal[] per = perRef(g);
        per[ref] = s;
        g.count = present(per).size();
      }
    }
    resize(g, g.signals.size() + (g.values == null ? 0 : g.values.size()));
    return null;
  }

  /** A tumbling window ends: does its count satisfy the condition? */
  private @Nullable Firing close(String key, Group g) {
    remove(key, g);
    if (!condition.test(g.count) || g.signals.isEmpty()) {
      return null;
    }
    return firing(new ArrayList<>(g.signals), g.signals.peekLast().trigger());
  }

  private Firing firing(List<Signal> signals, Event trigger) {
    List<Signal> parts = new ArrayList<>(signals);
    parts.sort((a, b) -> Long.compare(a.time(), b.time()));
    ArrayDeque<Event> ev = new ArrayDeque<>();
    java.util.Set<Event> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Signal p : parts) {
      for (Event e : p.events()) {
        if (seen.add(e)) {
          ev.addLast(e);
          if (ev.size() > maxEvidence) {
            ev.pollFirst();
          }
        }
      }
    }
    return new Firing(meta, trigger, new ArrayList<>(ev));
  }

  /** Keeps the stored-events total in step with a group's size. */
  private void resize(Group g, int size) {
    stored += size - g.size;
    g.size = size;
  }

  private void remove(String key, Group g) {
    groups.remove(key);
    stored -= g.size;
  }

  private void bound() {
    Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
    while ((groups.size() > maxGroups || stored > maxStored) && it.hasNext()) {
      Group g = it.next().getValue();
      stored -= g.size;
      it.remove();
    }
  }

  private static void evictOlder(LinkedHashMap<String, Signal> vs, long cutoff) {
    Iterator<Signal> it = vs.values().iterator();
    while (it.hasNext()) {
      if (it.next().time() < cutoff) {
        it.remove();
      } else {
        break;
      }
    }
  }

  private static List<Signal> present(@Nullable Signal[] per) {
    List<Signal> out = new ArrayList<>(per.length);
    for (Signal s : per) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private LinkedHashMap<String, Signal> values(Group g) {
    if (g.values == null) {
      g.values = new LinkedHashMap<>();
    }
    return g.values;
  }

  private @Nullable Signal[] perRef(Group g) {
    if (g.perRef == null) {
      g.perRef = new Signal[refCount];
    }
    return g.perRef;
  }

  private @Nullable Chain[] chains(Group g) {
    if (g.chains == null) {
      g.chains = new Chain[refCount];
    }
    return g.chains;
  }

  private static @Nullable List<Firing> add(@Nullable List<Firing> out, @Nullable Firing f) {
    if (f == null) {
      return out;
    }
    List<Firing> o = out == null ? new ArrayList<>(1) : out;
    o.add(f);
    return o;
  }

  private static @Nullable List<Firing> add(@Nullable List<Firing> out, List<Firing> fs) {
    if (fs.isEmpty()) {
      return out;
    }
    List<Firing> o = out == null ? new ArrayList<>(fs.size()) : out;
    o.addAll(fs);
    return o;
  }

  /** Group key: tenant, shop and the group-by values; null when the event lacks one. */
  private static @Nullable String key(Event e, String[] fields) {
    StringBuilder sb = new StringBuilder(64);
    sb.append(e.tenant()).append('\u0000').append(e.asset());
    for (String f : fields) {
      String v = e.field(f);
      if (v == null) {
        return null;
      }
      sb.append('\u0000').append(Text.lower(v));
    }
    return bounded(sb.toString());
  }

  private static @Nullable String valueKey(Event e, String[] fields) {
    StringBuilder sb = new StringBuilder(32);
    for (String f : fields) {
      String v = e.field(f);
      if (v == null) {
        return null;
      }
      sb.append(v).append('\u0000');
    }
    return bounded(sb.toString());
  }

  /** Keys stay small however long the values: a long one is kept as its SHA-256. */
  private static String bounded(String key) {
    if (key.length() <= 512) {
      return key;
    }
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "#" + java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
