package dev.mimamori.detect;

import java.util.List;

/**
 * A group of rules the {@link Detector} runs as one: a plain list of {@link CompiledRule}s, or a
 * compiled set that shares work across its rules (the Sigma rule set's literal prefilter). Called
 * from one thread at a time per detector.
 */
public interface RuleSet {

  /** How many rules the set holds (for status pages and logs). */
  int size();

  /**
   * Looks at one event.
   *
   * @return every rule that fired on it, in the set's rule order; empty when none did. A new list
   *     (or an immutable one) each time: the firings of a batch are held until its end, so a later
   *     call must not change or reuse it.
   */
  List<Firing> evaluate(EventView event);

  /**
   * Looks at the events {@code events[0..n)} in order: {@code firings[i]} becomes what {@link
   * #evaluate(EventView)} gives for {@code events[i]} after the events before it. A set may order
   * its work otherwise (see {@code IndexedRuleSet}), as long as each event's firings are the same:
   * which holds while every rule instance is in the set once and no rule throws. A rule that throws
   * leaves the rules at different points of the batch: the set (and its detector) must then be
   * discarded, as {@code detect} does by failing.
   */
  default void evaluate(EventView[] events, int n, List<Firing>[] firings) {
    for (int i = 0; i < n; i++) {
      firings[i] = evaluate(events[i]);
    }
  }

  /**
   * The stateless part of {@link #evaluate} ahead of it, possibly on another thread (see {@link
   * CompiledRule#prepare}); the results go into the view's memos.
   */
  default void prepare(EventView event) {}

  /**
   * A plain list of rules as a set: each rule sees every event it may act on, in the list's order
   * (rules with a {@link CompiledRule#requiredValue()} only the events that meet it).
   */
  static RuleSet of(List<CompiledRule> rules) {
    return new IndexedRuleSet(List.copyOf(rules));
  }
}
