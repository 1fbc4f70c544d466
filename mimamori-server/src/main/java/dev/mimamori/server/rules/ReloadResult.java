package dev.mimamori.server.rules;

import dev.mimamori.detect.sigma.LoadError;
import java.time.Instant;
import java.util.List;

/**
 * What a reload of the rules directory did.
 *
 * @param reloaded whether the new rules run now; false when a file did not load, and then the rules
 *     that ran before keep running, unchanged
 * @param at when it was tried
 * @param trigger what asked for it ({@code api}, {@code watch})
 * @param rules how many rules run after it
 * @param unchanged rules whose id and definition did not change: they kept their state
 * @param added rule ids new in this load
 * @param changed rule ids whose definition changed (they start with fresh state)
 * @param removed rule ids no longer loaded
 * @param errors every file that did not load, with its line and reason
 */
public record ReloadResult(
    boolean reloaded,
    Instant at,
    String trigger,
    int rules,
    int unchanged,
    List<String> added,
    List<String> changed,
    List<String> removed,
    List<LoadError> errors) {

  public ReloadResult {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
    errors = List.copyOf(errors);
  }

  static ReloadResult failed(Instant at, String trigger, int running, List<LoadError> errors) {
    return new ReloadResult(
        false, at, trigger, running, 0, List.of(), List.of(), List.of(), errors);
  }
}
