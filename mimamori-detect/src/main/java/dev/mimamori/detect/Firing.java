package dev.mimamori.detect;

import dev.mimamori.model.Event;
import java.util.List;
import java.util.Objects;

/**
 * One rule firing.
 *
 * @param meta the rule
 * @param trigger the event the alert is dated and attributed by: the current event for a single
 *     event rule, the last event of the window for a correlation that fires when its window closes
 * @param evidence every event the alert is made of, the trigger among them
 */
public record Firing(RuleMeta meta, Event trigger, List<Event> evidence) {
  public Firing {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(trigger, "trigger");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("a firing needs at least one event");
    }
  }
}
