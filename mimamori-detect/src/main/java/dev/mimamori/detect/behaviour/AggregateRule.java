package dev.mimamori.detect.behaviour;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.model.Event;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fires when one group (always one tenant's shop, narrowed by the values of {@code group_by}) has
 * seen {@code count} matching events within {@code window} of event time, or, with {@code
 * distinct}, {@code count} distinct values of that field. Brute force against one account (group by
 * user name), a login attack spread over many addresses (distinct source addresses per login route)
 * and a request flood from one address all have this shape.
 *
 * <p>The alert carries the group's events in the window, the most recent {@code max_evidence} of
 * them, the trigger last. After firing, the group starts afresh and stays silent for the rule's
 * {@code suppress}: the detector's own suppression is per source address, and an alert made of many
 * addresses would otherwise fire again with each new one.
 *
 * <p>State is bounded: at most {@link #MAX_GROUPS} groups and {@link #MAX_HELD} units of state
 * (evidence events, timestamps, distinct values) in all, the least recently seen groups dropped
 * first; a group holds at most {@code count} timestamps or values.
 */
public final class AggregateRule implements CompiledRule, Bounded {
  static final int MAX_GROUPS = 100_000;
  static final int MAX_HELD = 100_000;
  static final int MAX_COUNT = 10_000;

  /**
   * The rule file's settings.
   *
   * @param match conditions an event must meet to be counted; none: every event
   * @param groupBy fields whose values make a group, besides tenant and shop; none: the whole shop
   * @param distinct count distinct values of this field instead of events
   * @param count how many events (or distinct values) fire the rule
   * @param window how far back in event time they are counted
   * @param maxEvidence how many events an alert carries at most (default 500)
   */
  public record Config(
      @Nullable List<FieldCondition> match,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          @Nullable List<String> groupBy,
      @Nullable String distinct,
      @Nullable Integer count,
      @Nullable Duration window,
      @Nullable Integer maxEvidence) {}

  private static final class Group extends BoundedGroups.Group {
    /** Times in the window, when the evidence does not keep as many as the rule counts. */
    final @Nullable TimeRing times;

    /** Distinct values with the time each was last seen, least recently seen first. */
    final @Nullable LinkedHashMap<String, Long> values;

    final Evidence evidence;

    Group(int count, boolean distinct, int maxEvidence) {
      this.times = distinct || maxEvidence >= count ? null : new TimeRing(count);
      this.values = distinct ? new LinkedHashMap<>(8) : null;
      this.evidence = new Evidence(maxEvidence, false);
    }

    void clear() {
      evidence.clear();
      if (times != null) {
        times.clear();
      }
      if (values != null) {
        values.clear();
      }
    }

    @Override
    boolean clearForReuse() {
      if (values != null) {
        return false; // a map that may have grown large: let it go
      }
      evidence.reset();
      if (times != null) {
        times.clear();
      }
      return true;
    }

    /**
     * Events (or distinct values) in the window. Without distinct values and without a time ring,
     * the evidence keeps every event of the window up to the count, so its size is the count.
     */
    int metric() {
      if (values != null) {
        return values.size();
      }
      return times != null ? times.size() : evidence.size();
    }

    /**
     * Without a time ring of its own, an event counted is still its time and its evidence: two
     * units, so the state budget holds as many events as when every group kept both rings.
     */
    int units() {
      return evidence.size()
          + (times != null ? times.size() : evidence.size())
          + (values != null ? values.size() : 0);
    }
  }

  private final RuleMeta meta;
  private final @Nullable Gate gate;
  private final Conditions match;
  private final List<String> groupBy;
  private final @Nullable String distinct;
  private final int count;
  private final long window;
  private final int maxEvidence;
  private final long quiet;
  private final Supplier<Group> newGroup;
  private final BoundedGroups<Group> groups = new BoundedGroups<>(MAX_GROUPS, MAX_HELD);

  public AggregateRule(RuleMeta meta, Config config) {
    if (config.count() == null || config.count() < 2 || config.count() > MAX_COUNT) {
      throw new IllegalArgumentException("'count' must be between 2 and " + MAX_COUNT);
    }
    if (config.distinct() != null && config.distinct().isBlank()) {
      throw new IllegalArgumentException("'distinct' must name a field");
    }
    this.meta = meta;
    this.match = new Conditions(config.match());
    this.gate = match.words();
    this.groupBy = GroupKey.canonical(Settings.groupBy(config.groupBy()));
    this.distinct = config.distinct();
    this.count = config.count();
    this.window = Settings.window(config.window(), "window");
    this.maxEvidence = Settings.maxEvidence(config.maxEvidence());
    this.quiet = meta.suppress().toMillis();
    boolean byDistinct = distinct != null;
    int n = count;
    int kept = maxEvidence;
    this.newGroup = () -> new Group(n, byDistinct, kept);
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  /** Spares the rule the events that lack the words its conditions need (null: none). */
  @Override
  public @Nullable Gate gate() {
    return gate;
  }

  @Override
  public @Nullable Requirement requiredValue() {
    return match.requirement();
  }

  @Override
  public List<Event> evaluate(EventView view) {
    if (!match.test(view)) {
      return List.of();
    }
    Event e = view.event();
    String value = GroupKey.value(e, groupBy);
    String counted = distinct == null ? null : e.field(distinct);
    if (value == null || (distinct != null && counted == null)) {
      return List.of();
    }
    long t = e.timestamp().toEpochMilli();
    long cutoff = t - window;
    String shop = GroupKey.shop(e);
    Group g = groups.find(shop, value);
    if (g == null) {
      g = groups.add(shop, value, newGroup, cutoff, t);
    }
    if (g.seen(t, window)) {
      g.clear();
    }
    if (t < g.quietUntil) {
      return List.of();
    }
    g.evidence.expire(cutoff);
    g.evidence.add(e);
    if (g.times != null) {
      g.times.expire(cutoff);
      g.times.add(t);
    } else if (g.values != null) {
      LinkedHashMap<String, Long> vs = g.values;
      expire(vs, cutoff);
      vs.remove(counted);
      vs.put(counted, t);
    }
    int metric = g.metric();
    if (metric < count) {
      groups.update(g, g.units());
      groups.trim(g);
      return List.of();
    }
    List<Event> evidence = g.evidence.withTrigger(e);
    g.clear();
    if (quiet > 0) {
      g.quietUntil = t + quiet;
    }
    groups.update(g, 0);
    return evidence;
  }

  private static void expire(LinkedHashMap<String, Long> values, long cutoff) {
    Iterator<Map.Entry<String, Long>> it = values.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() >= cutoff) {
        return;
      }
      it.remove();
    }
  }

  @Override
  public int groupCount() {
    return groups.size();
  }

  @Override
  public long heldUnits() {
    return groups.held();
  }

  @Override
  public int maxGroups() {
    return MAX_GROUPS;
  }

  @Override
  public long maxHeld() {
    return MAX_HELD;
  }

  /** Groups dropped for lack of room (tests). */
  long droppedGroups() {
    return groups.dropped();
  }
}
