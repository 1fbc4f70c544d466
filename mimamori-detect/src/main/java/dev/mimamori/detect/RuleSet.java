package dev.mimamori.detect;

import java.util.ArrayList;
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
   * @return every rule that fired on it, in the set's rule order; empty when none did
   */
  List<Firing> evaluate(EventView event);

  /**
   * The stateless part of {@link #evaluate} ahead of it, possibly on another thread (see {@link
   * CompiledRule#prepare}); the results go into the view's memos.
   */
  default void prepare(EventView event) {}

  /** The existing rule list as a set: each rule runs on every event, as before. */
  static RuleSet of(List<CompiledRule> rules) {
    List<CompiledRule> copy = List.copyOf(rules);
    return new RuleSet() {
      @Override
      public int size() {
        return copy.size();
      }

      @Override
      public void prepare(EventView event) {
        for (CompiledRule rule : copy) {
          rule.prepare(event);
        }
      }

      @Override
      public List<Firing> evaluate(EventView event) {
        List<Firing> out = null;
        for (CompiledRule rule : copy) {
          List<dev.mimamori.model.Event> evidence = rule.evaluate(event);
          if (!evidence.isEmpty()) {
            if (out == null) {
              out = new ArrayList<>(2);
            }
            out.add(new Firing(rule.meta(), event.event(), evidence));
          }
        }
        return out == null ? List.of() : out;
      }
    };
  }
}
