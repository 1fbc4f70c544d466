package dev.mimamori.detect;

import dev.mimamori.model.Event;

/**
 * A rule ready to run. Implementations may keep state (counts in a window) and are called from one
 * thread at a time per {@link Detector}.
 */
public interface CompiledRule {

  RuleMeta meta();

  /**
   * Looks at one event.
   *
   * @return the events the alert is made of (the triggering event last), or an empty list when the
   *     rule does not fire
   */
  java.util.List<Event> evaluate(EventView event);

  /** Looks at one event on its own (tests, tools); the detector shares one view across rules. */
  default java.util.List<Event> evaluate(Event event) {
    return evaluate(new EventView(event));
  }
}
