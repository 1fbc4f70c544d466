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

  /**
   * Work on one event that depends only on the event and the rule's definition, never on the rule's
   * state (e.g. the web-attack analysis, shared by all web-attack rules), kept in the view's memos
   * for {@link #evaluate(EventView)} to use. The detector may run it on another thread than {@code
   * evaluate}, ahead of it and for later events while {@code evaluate} runs on earlier ones, so it
   * must only read the rule's immutable parts. Skipping it changes nothing but where the time goes.
   */
  default void prepare(EventView event) {}

  /**
   * A field value the rule needs before it looks at an event any further, or null when it may act
   * on any event. An implementation that gives one must return an empty list from {@link
   * #evaluate(EventView)}, and change none of its state, for every event that does not meet it.
   */
  default @org.jspecify.annotations.Nullable Requirement requiredValue() {
    return null;
  }

  /**
   * A test many rules share, asked once per event for all of them: when it does not hold, none of
   * those rules is asked (the web-attack rules share "the analysis found something", which most
   * requests fail; a behaviour rule about a route has the words its path must contain). Null when
   * the rule has none. An implementation that gives one must return an empty list from {@link
   * #evaluate(EventView)}, and change none of its state, for every event the gate refuses.
   */
  default @org.jspecify.annotations.Nullable Gate gate() {
    return null;
  }

  /**
   * See {@link #gate()}: rules share one instance, or equal ones ({@link
   * dev.mimamori.detect.rules.FieldWords}), which must admit exactly the same events; a rule set
   * asks a gate only about an event it would ask one of the gate's rules about.
   */
  @FunctionalInterface
  interface Gate {
    boolean admits(EventView event);
  }

  /** Looks at one event on its own (tests, tools); the detector shares one view across rules. */
  default java.util.List<Event> evaluate(Event event) {
    return evaluate(new EventView(event));
  }
}
