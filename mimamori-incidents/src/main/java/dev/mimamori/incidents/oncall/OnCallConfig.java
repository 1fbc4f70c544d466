package dev.mimamori.incidents.oncall;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything on-call, checked as a whole: names are unique, and every person and schedule that a
 * schedule or policy refers to exists. Problems are {@link OnCallConfigException}s whose path is
 * the JSON document's ({@code policies[0].steps[1].targets[0]}).
 *
 * @param people the responders
 * @param schedules the on-call schedules
 * @param policies the escalation policies, at least one
 * @param quietHours when less urgent pages wait
 * @param pageBudget how many messages a person gets per hour at most
 */
public record OnCallConfig(
    List<Person> people,
    List<Schedule> schedules,
    List<EscalationPolicy> policies,
    QuietHours quietHours,
    PageBudget pageBudget) {

  public OnCallConfig {
    people = List.copyOf(people);
    schedules = List.copyOf(schedules);
    policies = List.copyOf(policies);
    Objects.requireNonNull(quietHours, "quietHours");
    Objects.requireNonNull(pageBudget, "pageBudget");
    if (people.isEmpty()) {
      throw new OnCallConfigException("people", "at least one person is needed");
    }
    if (policies.isEmpty()) {
      throw new OnCallConfigException("policies", "at least one escalation policy is needed");
    }
    Set<String> personIds = unique(people.stream().map(Person::id).toList(), "people", "id");
    Set<String> scheduleNames =
        unique(schedules.stream().map(Schedule::name).toList(), "schedules", "name");
    unique(policies.stream().map(EscalationPolicy::name).toList(), "policies", "name");
    for (int s = 0; s < schedules.size(); s++) {
      Schedule schedule = schedules.get(s);
      for (int l = 0; l < schedule.layers().size(); l++) {
        List<String> participants = schedule.layers().get(l).participants();
        for (int p = 0; p < participants.size(); p++) {
          known(
              personIds,
              participants.get(p),
              "schedules[" + s + "].layers[" + l + "].participants[" + p + "]");
        }
      }
      for (int o = 0; o < schedule.overrides().size(); o++) {
        known(
            personIds,
            schedule.overrides().get(o).personId(),
            "schedules[" + s + "].overrides[" + o + "].person");
      }
    }
    for (int p = 0; p < policies.size(); p++) {
      List<EscalationStep> steps = policies.get(p).steps();
      for (int st = 0; st < steps.size(); st++) {
        List<Target> targets = steps.get(st).targets();
        for (int t = 0; t < targets.size(); t++) {
          String path = "policies[" + p + "].steps[" + st + "].targets[" + t + "]";
          Target target = targets.get(t);
          if (target instanceof Target.PersonTarget pt) {
            known(personIds, pt.personId(), path);
          } else if (target instanceof Target.ScheduleTarget sc) {
            if (!scheduleNames.contains(sc.scheduleName())) {
              throw new OnCallConfigException(path, "unknown schedule '" + sc.scheduleName() + "'");
            }
          } else if (target instanceof Target.TeamTarget team) {
            for (int m = 0; m < team.personIds().size(); m++) {
              known(personIds, team.personIds().get(m), path + ".team[" + m + "]");
            }
          }
        }
      }
    }
  }

  public Optional<Person> person(String id) {
    return people.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<Schedule> schedule(String name) {
    return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<EscalationPolicy> policy(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static Set<String> unique(List<String> names, String list, String field) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        throw new OnCallConfigException(
            list + "[" + i + "]." + field, "'" + names.get(i) + "' is already defined");
      }
    }
    return seen;
  }

  private static void known(Set<String> personIds, String id, String path) {
    if (!personIds.contains(id)) {
      throw new OnCallConfigException(path, "unknown person '" + id + "'");
    }
  }
}
