package dev.mimamori.incidents.oncall;

import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where an incident's escalation stands; the server stores it with the incident and hands it back
 * to {@link EscalationEngine#advance}. It is everything the engine needs, so a restarted server
 * continues where it stopped.
 *
 * @param incidentId the incident
 * @param policyName the escalation policy being run
 * @param severity the incident's severity; quiet hours depend on it (see {@link #withSeverity})
 * @param step the current step, 0 for the first
 * @param loop the current pass through the policy, 0 for the first
 * @param nextDue when something is next due: if {@code pending}, the earliest time the current step
 *     pages (the start, or the end of quiet hours); otherwise when the escalation moves past the
 *     current step
 * @param pending whether the current step still has to page (held by quiet hours)
 * @param done whether the escalation is over (acknowledged, closed or run out): nothing more pages
 * @param emitted the ids of every page already emitted ({@link Page#id()}); a page in here is never
 *     emitted again
 */
public record EscalationState(
    String incidentId,
    String policyName,
    Severity severity,
    int step,
    int loop,
    Instant nextDue,
    boolean pending,
    boolean done,
    Set<String> emitted) {

  public EscalationState {
    Names.text(incidentId, "incidentId", 200);
    Names.id(policyName, "policyName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(nextDue, "nextDue");
    if (step < 0 || loop < 0) {
      throw new IllegalArgumentException("step and loop must not be negative");
    }
    emitted = Collections.unmodifiableSortedSet(new TreeSet<>(emitted));
  }

  /** A new escalation whose first step pages at {@code now}. */
  static EscalationState begin(
      String incidentId, String policyName, Severity severity, Instant now) {
    return new EscalationState(incidentId, policyName, severity, 0, 0, now, true, false, Set.of());
  }

  /**
   * The same escalation for an incident whose severity changed (more alerts joined): a page held by
   * quiet hours goes out at the next {@link EscalationEngine#advance} if the new severity is no
   * longer held.
   */
  public EscalationState withSeverity(Severity newSeverity) {
    return new EscalationState(
        incidentId, policyName, newSeverity, step, loop, nextDue, pending, done, emitted);
  }

  EscalationState finished() {
    return new EscalationState(
        incidentId, policyName, severity, step, loop, nextDue, pending, true, emitted);
  }

  EscalationState held(int atStep, int atLoop, Instant release) {
    return new EscalationState(
        incidentId, policyName, severity, atStep, atLoop, release, true, false, emitted);
  }

  EscalationState paged(int atStep, int atLoop, Instant moveOnAt, Set<String> newIds) {
    SortedSet<String> ids = new TreeSet<>(emitted);
    ids.addAll(newIds);
    return new EscalationState(
        incidentId, policyName, severity, atStep, atLoop, moveOnAt, false, false, ids);
  }
}
