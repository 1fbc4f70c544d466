package dev.mimamori.incidents.oncall;

import dev.mimamori.incidents.oncall.Decision.Outcome;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs escalation policies. A pure function of its configuration and its arguments: the server
 * calls {@link #start} when an incident opens, then {@link #advance} whenever {@link
 * Decision#nextCheck()} comes (or the incident changes), and stores each {@link Decision#state()}.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>A step pages all of its targets at once; a person reached through several targets of one
 *       step is paged once. A schedule target pages whoever is on call at the moment of paging.
 *   <li>Each step lasts its delay, counted from when it actually paged. Then the next step pages;
 *       after the last step the policy starts over {@code repeat} times; after the last step of the
 *       last pass and its delay, the escalation is {@link Outcome#EXHAUSTED}.
 *   <li>An acknowledged or closed incident stops the escalation for good.
 *   <li>Catch-up: if {@code advance} runs late (the server was down), the engine walks the policy's
 *       timeline from when the next step fell due, step by step with each step's delay, to the step
 *       whose turn it is now (or the last step of the last pass if the whole policy would have run
 *       out). Only that step pages, once, and it gets its full delay from now. Steps passed over
 *       are never paged late, so one call pages at most one step.
 *   <li>A step with nobody on call (a schedule in a gap) is skipped at once for the next step. If
 *       no step has anyone, nothing pages and the escalation goes on after the step's delay ({@link
 *       Outcome#NOBODY_ON_CALL}).
 *   <li>Quiet hours: when a step falls due inside a quiet window and the incident's severity is
 *       held, the step waits (pending) until the window ends and then pages, with its full delay
 *       from then. A held step pages as soon as it is no longer held, for instance because the
 *       incident's severity rose ({@link EscalationState#withSeverity}).
 *   <li>A page whose id is in {@link EscalationState#emitted()} is never emitted again.
 * </ul>
 */
public final class EscalationEngine {
  private final Map<String, EscalationPolicy> policies;
  private final Map<String, Schedule> schedules;
  private final QuietHours quietHours;

  public EscalationEngine(OnCallConfig config) {
    this.policies =
        config.policies().stream()
            .collect(Collectors.toUnmodifiableMap(EscalationPolicy::name, Function.identity()));
    this.schedules =
        config.schedules().stream()
            .collect(Collectors.toUnmodifiableMap(Schedule::name, Function.identity()));
    this.quietHours = config.quietHours();
  }

  /**
   * Starts escalating a new incident: its first step pages now (unless quiet hours hold it).
   *
   * @throws IllegalArgumentException if the policy does not exist
   */
  public Decision start(String incidentId, Severity severity, String policyName, Instant now) {
    if (!policies.containsKey(policyName)) {
      throw new IllegalArgumentException(
          "unknown escalation policy '" + Names.shown(policyName) + "'");
    }
    return advance(
        EscalationState.begin(incidentId, policyName, severity, now), IncidentStatus.NEW, now);
  }

  /** What is due at {@code now} for an incident in {@code status}, and the state after it. */
  public Decision advance(EscalationState state, IncidentStatus status, Instant now) {
    if (state.done()) {
      return new Decision(List.of(), state, Outcome.ALREADY_DONE);
    }
    if (status.isAcknowledged() || status.isClosed()) {
      return new Decision(List.of(), state.finished(), Outcome.ACKNOWLEDGED);
    }
    EscalationPolicy policy = policies.get(state.policyName());
    if (policy == null) {
      return new Decision(List.of(), state.finished(), Outcome.POLICY_GONE);
    }
    Position at = Position.of(state, policy);
    String note = "";
    if (!state.pending()) {
      if (now.isBefore(state.nextDue())) {
        return new Decision(List.of(), state, Outcome.WAITING);
      }
      Position next = at.next(policy);
      if (next == null) {
        return new Decision(List.of(), state.finished(), Outcome.EXHAUSTED);
      }
      Instant due = state.nextDue();
      int passedOver = 0;
      for (Position after = next.next(policy);
          after != null && !due.plus(policy.step(next.step()).delay()).isAfter(now);
          after = next.next(policy)) {
        due = due.plus(policy.step(next.step()).delay());
        next = after;
        passedOver++;
      }
      at = next;
      if (passedOver > 0) {
        note = "; caught up late, " + passedOver + " earlier step(s) not paged";
      }
    }
    Optional<Instant> hold = quietHours.holdUntil(state.severity(), now);
    if (hold.isPresent()) {
      return new Decision(List.of(), state.held(at.step(), at.loop(), hold.get()), Outcome.HELD);
    }
    return page(policy, state, at, now, note);
  }

  private Decision page(
      EscalationPolicy policy, EscalationState state, Position first, Instant now, String note) {
    List<String> empty = new ArrayList<>();
    int tried = 0;
    for (Position p = first;
        p != null && tried < policy.steps().size();
        p = p.next(policy), tried++) {
      Map<String, Target> people = resolve(policy.step(p.step()), now);
      if (people.isEmpty()) {
        empty.add("step " + (p.step() + 1));
        continue;
      }
      String skipped = empty.isEmpty() ? "" : "; nobody on call at " + String.join(", ", empty);
      List<Page> pages = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>();
      for (Map.Entry<String, Target> e : people.entrySet()) {
        Page page =
            new Page(
                state.incidentId(),
                e.getKey(),
                state.severity(),
                p.step(),
                p.loop(),
                reason(policy, p, e.getValue()) + skipped + note);
        ids.add(page.id());
        if (!state.emitted().contains(page.id())) {
          pages.add(page);
        }
      }
      Instant moveOn = now.plus(policy.step(p.step()).delay());
      return new Decision(pages, state.paged(p.step(), p.loop(), moveOn, ids), Outcome.PAGED);
    }
    Instant moveOn = now.plus(policy.step(first.step()).delay());
    return new Decision(
        List.of(),
        state.paged(first.step(), first.loop(), moveOn, Set.of()),
        Outcome.NOBODY_ON_CALL);
  }

  /** The people a step pages now, each with the first target that named them. */
  private Map<String, Target> resolve(EscalationStep step, Instant now) {
    Map<String, Target> out = new LinkedHashMap<>();
    for (Target t : step.targets()) {
      if (t instanceof Target.PersonTarget p) {
        out.putIfAbsent(p.personId(), t);
      } else if (t instanceof Target.ScheduleTarget s) {
        Schedule schedule = schedules.get(s.scheduleName());
        if (schedule != null) {
          schedule.onCall(now).ifPresent(id -> out.putIfAbsent(id, t));
        }
      } else if (t instanceof Target.TeamTarget team) {
        team.personIds().forEach(id -> out.putIfAbsent(id, t));
      }
    }
    return out;
  }

  private static String reason(EscalationPolicy policy, Position p, Target target) {
    String pass =
        policy.repeat() == 0 ? "" : ", pass " + (p.loop() + 1) + " of " + (policy.repeat() + 1);
    return "policy '"
        + policy.name()
        + "' step "
        + (p.step() + 1)
        + " of "
        + policy.steps().size()
        + pass
        + ": "
        + target.describe();
  }

  /** A step of a pass through a policy. */
  private record Position(int step, int loop) {
    /** The state's position, within the policy even if the policy shrank since. */
    static Position of(EscalationState state, EscalationPolicy policy) {
      return new Position(
          Math.min(state.step(), policy.steps().size() - 1),
          Math.min(state.loop(), policy.repeat()));
    }

    @Nullable Position next(EscalationPolicy policy) {
      if (step + 1 < policy.steps().size()) {
        return new Position(step + 1, loop);
      }
      if (loop < policy.repeat()) {
        return new Position(0, loop + 1);
      }
      return null;
    }
  }
}
