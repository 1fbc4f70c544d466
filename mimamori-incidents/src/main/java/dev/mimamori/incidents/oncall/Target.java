package dev.mimamori.incidents.oncall;

import java.util.List;

/** Whom an escalation step pages. */
public sealed interface Target {

  /** For reasons and logs: {@code person 'aiko'}, {@code schedule 'primary'}, … */
  String describe();

  /** One person, always. */
  record PersonTarget(String personId) implements Target {
    public PersonTarget {
      Names.id(personId, "person");
    }

    @Override
    public String describe() {
      return "person '" + personId + "'";
    }
  }

  /** Whoever the schedule has on call at the moment the step pages (nobody in a gap). */
  record ScheduleTarget(String scheduleName) implements Target {
    public ScheduleTarget {
      Names.id(scheduleName, "schedule");
    }

    @Override
    public String describe() {
      return "schedule '" + scheduleName + "'";
    }
  }

  /** Several people at once. */
  record TeamTarget(List<String> personIds) implements Target {
    public TeamTarget {
      personIds = List.copyOf(personIds);
      if (personIds.isEmpty()) {
        throw new IllegalArgumentException("team: a team needs at least one person");
      }
      personIds.forEach(p -> Names.id(p, "team member"));
    }

    @Override
    public String describe() {
      return "team " + personIds;
    }
  }
}
