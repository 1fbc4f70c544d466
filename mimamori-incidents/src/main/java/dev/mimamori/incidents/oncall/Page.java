package dev.mimamori.incidents.oncall;

import dev.mimamori.model.Severity;
import java.util.Objects;

/**
 * One person to page for one incident, once.
 *
 * @param incidentId the incident
 * @param personId whom to page (through all of their contacts)
 * @param severity the incident's severity when the page was decided
 * @param step the policy step, 0 for the first
 * @param loop the pass through the policy, 0 for the first, up to the policy's {@code repeat}
 * @param reason why this person, for the message and the incident's timeline
 */
public record Page(
    String incidentId, String personId, Severity severity, int step, int loop, String reason) {

  public Page {
    Objects.requireNonNull(incidentId, "incidentId");
    Names.id(personId, "personId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(reason, "reason");
    if (step < 0 || loop < 0) {
      throw new IllegalArgumentException("step and loop must not be negative");
    }
  }

  /**
   * The page's stable id, {@code incidentId/step/loop/personId}: the same page decided again (after
   * a restart) has the same id, so it serves as the idempotency key for sending it.
   */
  public String id() {
    return id(incidentId, step, loop, personId);
  }

  static String id(String incidentId, int step, int loop, String personId) {
    return incidentId + "/" + step + "/" + loop + "/" + personId;
  }
}
