package dev.mimamori.detect.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fires when {@code count} matching events on the same tenant and asset with the same {@code
 * group_by} value fall within {@code window} of event time, then starts counting afresh for that
 * group. State is bounded: at most {@code MAX_GROUPS} groups and {@code MAX_EVENTS} held events in
 * all are tracked (the least recently seen groups are dropped first), and each group keeps at most
 * {@code count} events, so a million distinct addresses cost a bounded heap.
 */
public final class ThresholdRule implements CompiledRule {
  static final int MAX_GROUPS = 100_000;
  static final int MAX_EVENTS = 200_000;

  /** Events held in all groups. */
  private int held;

  /** The rule file's {@code match}, {@code group_by}, {@code count} and {@code window}. */
  public record Config(List<FieldCondition> match, String groupBy, int count, Duration window) {}

  private final RuleMeta meta;
  private final @Nullable Gate gate;
  private final List<FieldMatcher> matchers;
  private final List<String> groupKeyFields;
  private final int count;
  private final Duration window;
  private final Map<String, ArrayDeque<Event>> groups =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Event>> eldest) {
          if (size() > MAX_GROUPS) {
            held -= eldest.getValue().size();
            return true;
          }
          return false;
        }
      };

  public ThresholdRule(RuleMeta meta, Config config) {
    if (config.match() == null || config.match().isEmpty()) {
      throw new IllegalArgumentException("a threshold rule needs conditions under 'match'");
    }
    if (config.groupBy() == null || config.groupBy().isBlank()) {
      throw new IllegalArgumentException("a threshold rule needs 'group_by'");
    }
    if (config.count() < 2 || config.count() > 100_000) {
      throw new IllegalArgumentException("'count' must be between 2 and 100000");
    }
    if (config.window() == null || config.window().isZero() || config.window().isNegative()) {
      throw new IllegalArgumentException("'window' must be a positive duration such as 60s");
    }
    this.meta = meta;
    this.matchers = MatchRule.compile(config.match());
    this.gate = FieldMatcher.firstWords(matchers);
    this.groupKeyFields =
        dev.mimamori.detect.behaviour.GroupKey.canonical(List.of(config.groupBy()));
    this.count = config.count();
    this.window = config.window();
  }

  /** Drops the least recently seen groups (never the current one) until the budget holds. */
  private void dropOldGroupsWhileOverBudget(ArrayDeque<Event> current) {
    if (held <= MAX_EVENTS) {
      return; // the common case, on every event: no iterator
    }
    var it = groups.values().iterator();
    while (held > MAX_EVENTS && it.hasNext()) {
      ArrayDeque<Event> g = it.next();
      if (g != current) {
        held -= g.size();
        it.remove();
      }
    }
  }

  /** Groups and events held (tests of the bounds). */
  int groupCount() {
    return groups.size();
  }

  int heldEvents() {
    return held;
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
    return FieldMatcher.firstRequirement(matchers);
  }

  @Override
  public List<Event> evaluate(EventView view) {
    if (!MatchRule.all(matchers, view)) {
      return List.of();
    }
    Event event = view.event();
    // Count per shop: one address attacking two tenants' shops must not mix their events.
    String key = dev.mimamori.detect.behaviour.GroupKey.of(view, groupKeyFields);
    if (key == null) {
      return List.of();
    }
    ArrayDeque<Event> q = groups.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (!q.isEmpty() && q.peekLast().timestamp().isAfter(event.timestamp().plus(window))) {
      // Time went back by more than a window (an older rotated file read after a newer one, a
      // log replayed): what was counted belongs to another stretch of time; start afresh.
      held -= q.size();
      q.clear();
    }
    q.addLast(event.asEvidence()); // all an alert reads of it
    held++;
    Instant oldest = event.timestamp().minus(window);
    while (!q.isEmpty() && q.peekFirst().timestamp().isBefore(oldest)) {
      q.removeFirst();
      held--;
    }
    if (q.size() >= count) {
      List<Event> evidence = new ArrayList<>(q);
      held -= q.size();
      q.clear();
      return evidence;
    }
    dropOldGroupsWhileOverBudget(q);
    return List.of();
  }
}
