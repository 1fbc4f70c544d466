package dev.mimamori.incidents.oncall;

import java.time.Duration;
import java.util.List;

/**
 * One level of an escalation policy.
 *
 * @param targets whom to page, at least one
 * @param delayMinutes how long the paged people have to acknowledge before the next step, 1 to
 *     10080 (a week)
 */
public record EscalationStep(List<Target> targets, int delayMinutes) {
  public EscalationStep {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets: a step needs at least one target");
    }
    if (delayMinutes < 1 || delayMinutes > 10080) {
      throw new IllegalArgumentException(
          "delay_minutes must be 1 to 10080 (a week), not " + delayMinutes);
    }
  }

  public Duration delay() {
    return Duration.ofMinutes(delayMinutes);
  }
}
