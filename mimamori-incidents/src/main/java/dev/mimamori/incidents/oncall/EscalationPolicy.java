package dev.mimamori.incidents.oncall;

import java.util.List;

/**
 * Who is paged, in which order, until someone acknowledges. After the last step the policy starts
 * over from the first step {@code repeat} more times.
 *
 * @param name the policy's name
 * @param steps in order, at least one
 * @param repeat how many more times to run all steps after the first pass, 0 to 100
 */
public record EscalationPolicy(String name, List<EscalationStep> steps, int repeat) {
  public EscalationPolicy {
    Names.id(name, "name");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps: a policy needs at least one step");
    }
    if (repeat < 0 || repeat > 100) {
      throw new IllegalArgumentException("repeat must be 0 to 100, not " + repeat);
    }
  }

  public EscalationStep step(int index) {
    return steps.get(index);
  }
}
