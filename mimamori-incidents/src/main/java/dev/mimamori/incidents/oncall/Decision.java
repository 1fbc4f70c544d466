package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link EscalationEngine#advance} decided: pages to send now, and the state to store in place
 * of the old one (store it together with the pages, in one transaction, before sending).
 *
 * @param pages the pages due now, at most one step's worth, never one already emitted
 * @param state the escalation's new state
 * @param outcome what happened
 */
public record Decision(List<Page> pages, EscalationState state, Outcome outcome) {

  /** What an {@link EscalationEngine#advance} call did. */
  public enum Outcome {
    /** A step paged (possibly after catching up over skipped steps, see the pages' reasons). */
    PAGED,
    /** Nothing is due yet. */
    WAITING,
    /** A step is due but quiet hours hold it until {@link #nextCheck()}. */
    HELD,
    /**
     * A step is due but no step from it to the end of the policy has anyone on call now; the
     * escalation goes on (and tries the next step) after the current step's delay.
     */
    NOBODY_ON_CALL,
    /** The incident was acknowledged or closed: the escalation stopped. */
    ACKNOWLEDGED,
    /** Every step of every pass has paged and the last step's delay is over. */
    EXHAUSTED,
    /** The escalation's policy is no longer configured: it stopped. */
    POLICY_GONE,
    /** The escalation was already over; nothing changed. */
    ALREADY_DONE
  }

  public Decision {
    pages = List.copyOf(pages);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** When to call {@link EscalationEngine#advance} next; empty once the escalation is over. */
  public Optional<Instant> nextCheck() {
    return state.done() ? Optional.empty() : Optional.of(state.nextDue());
  }
}
