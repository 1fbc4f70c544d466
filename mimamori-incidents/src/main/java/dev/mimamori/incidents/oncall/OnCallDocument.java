package dev.mimamori.incidents.oncall;

import dev.mimamori.model.Severity;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The on-call JSON document as Jackson reads it (snake_case fields; see {@link
 * OnCallConfigLoader}). Every field may be missing here; {@link #toConfig()} checks the document
 * and builds the {@link OnCallConfig}, naming the field of any problem.
 *
 * @param people the responders, required
 * @param schedules the on-call schedules
 * @param policies the escalation policies, required
 * @param quietHours when less urgent pages wait; none if missing
 * @param pageBudget messages per person per hour; unlimited if missing
 */
public record OnCallDocument(
    @Nullable List<PersonJson> people,
    @Nullable List<ScheduleJson> schedules,
    @Nullable List<PolicyJson> policies,
    @Nullable QuietHoursJson quietHours,
    @Nullable PageBudgetJson pageBudget) {

  /** {@code {"id", "name", "locale": "ja"|"en", "contacts": [...]}} */
  public record PersonJson(
      @Nullable String id,
      @Nullable String name,
      @Nullable String locale,
      @Nullable List<ContactJson> contacts) {}

  /** {@code {"channel": "email", "address": "aiko@example.jp"}} */
  public record ContactJson(@Nullable String channel, @Nullable String address) {}

  /** {@code {"name", "zone": "Asia/Tokyo", "layers": [...], "overrides": [...]}} */
  public record ScheduleJson(
      @Nullable String name,
      @Nullable String zone,
      @Nullable List<LayerJson> layers,
      @Nullable List<OverrideJson> overrides) {}

  /**
   * {@code {"name", "participants": [ids], "start": "2026-01-05T09:00", "rotation":
   * "daily"|"weekly"|"12h"|"2d"|"2w", "restrictions": [windows]}}
   */
  public record LayerJson(
      @Nullable String name,
      @Nullable List<String> participants,
      @Nullable String start,
      @Nullable String rotation,
      @Nullable List<WindowJson> restrictions) {}

  /** {@code {"days": ["mon", …, "weekdays", "weekend"], "from": "09:00", "to": "18:00"}} */
  public record WindowJson(
      @Nullable List<String> days, @Nullable String from, @Nullable String to) {}

  /**
   * {@code {"person", "from", "to"}}: ISO date-times with an offset, or without one in the
   * schedule's zone.
   */
  public record OverrideJson(@Nullable String person, @Nullable String from, @Nullable String to) {}

  /** {@code {"name", "steps": [...], "repeat": 0}} */
  public record PolicyJson(
      @Nullable String name, @Nullable List<StepJson> steps, @Nullable Integer repeat) {}

  /** {@code {"targets": [...], "delay_minutes": 5}} */
  public record StepJson(@Nullable List<TargetJson> targets, @Nullable Integer delayMinutes) {}

  /** Exactly one of {@code {"person": id}}, {@code {"schedule": name}}, {@code {"team": [ids]}}. */
  public record TargetJson(
      @Nullable String person, @Nullable String schedule, @Nullable List<String> team) {}

  /** {@code {"zone", "hold_below": "high", "windows": [...]}} */
  public record QuietHoursJson(
      @Nullable String zone, @Nullable String holdBelow, @Nullable List<WindowJson> windows) {}

  /** {@code {"per_person_per_hour": 6}} */
  public record PageBudgetJson(@Nullable Integer perPersonPerHour) {}

  /** The checked configuration; {@link OnCallConfigException} names the field of a problem. */
  public OnCallConfig toConfig() {
    List<Person> ps = new ArrayList<>();
    List<PersonJson> peopleJson = required(people, "people");
    for (int i = 0; i < peopleJson.size(); i++) {
      ps.add(person(required(peopleJson.get(i), "people[" + i + "]"), "people[" + i + "]"));
    }
    List<Schedule> ss = new ArrayList<>();
    List<ScheduleJson> schedulesJson = orEmpty(schedules);
    for (int i = 0; i < schedulesJson.size(); i++) {
      String path = "schedules[" + i + "]";
      ss.add(schedule(required(schedulesJson.get(i), path), path));
    }
    List<EscalationPolicy> pols = new ArrayList<>();
    List<PolicyJson> policiesJson = required(policies, "policies");
    for (int i = 0; i < policiesJson.size(); i++) {
      String path = "policies[" + i + "]";
      pols.add(policy(required(policiesJson.get(i), path), path));
    }
    QuietHours quiet = quietHours == null ? QuietHours.none() : quiet(quietHours, "quiet_hours");
    PageBudget budget =
        pageBudget == null
            ? PageBudget.unlimited()
            : build(
                "page_budget",
                () ->
                    new PageBudget(
                        required(
                            pageBudget.perPersonPerHour(), "page_budget.per_person_per_hour")));
    return new OnCallConfig(ps, ss, pols, quiet, budget);
  }

  private static Person person(PersonJson p, String path) {
    String id = required(p.id(), path + ".id");
    String name = required(p.name(), path + ".name");
    Locale locale = Locale.forLanguageTag(required(p.locale(), path + ".locale"));
    List<ContactJson> contactsJson = required(p.contacts(), path + ".contacts");
    List<Contact> contacts = new ArrayList<>();
    for (int i = 0; i < contactsJson.size(); i++) {
      String at = path + ".contacts[" + i + "]";
      ContactJson c = required(contactsJson.get(i), at);
      String channel = required(c.channel(), at + ".channel");
      String address = required(c.address(), at + ".address");
      contacts.add(build(at, () -> new Contact(channel, address)));
    }
    return build(path, () -> new Person(id, name, locale, contacts));
  }

  private static Schedule schedule(ScheduleJson s, String path) {
    String name = required(s.name(), path + ".name");
    ZoneId zone = zone(required(s.zone(), path + ".zone"), path + ".zone");
    List<LayerJson> layersJson = required(s.layers(), path + ".layers");
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < layersJson.size(); i++) {
      String at = path + ".layers[" + i + "]";
      layers.add(layer(required(layersJson.get(i), at), at, i));
    }
    List<OverrideJson> overridesJson = orEmpty(s.overrides());
    List<ScheduleOverride> overrides = new ArrayList<>();
    for (int i = 0; i < overridesJson.size(); i++) {
      String at = path + ".overrides[" + i + "]";
      OverrideJson o = required(overridesJson.get(i), at);
      String person = required(o.person(), at + ".person");
      Instant from = instant(required(o.from(), at + ".from"), zone, at + ".from");
      Instant to = instant(required(o.to(), at + ".to"), zone, at + ".to");
      overrides.add(build(at, () -> new ScheduleOverride(person, from, to)));
    }
    return build(path, () -> new Schedule(name, zone, layers, overrides));
  }

  private static Layer layer(LayerJson l, String path, int index) {
    String name = l.name() == null ? "layer-" + (index + 1) : l.name();
    List<String> participants = required(l.participants(), path + ".participants");
    for (int i = 0; i < participants.size(); i++) {
      required(participants.get(i), path + ".participants[" + i + "]");
    }
    String startText = required(l.start(), path + ".start");
    LocalDateTime start =
        parse(
            () -> LocalDateTime.parse(startText),
            path + ".start",
            "'" + Names.shown(startText) + "' is not a local date and time like 2026-01-05T09:00");
    String rotationText = required(l.rotation(), path + ".rotation");
    RotationLength rotation = build(path + ".rotation", () -> RotationLength.parse(rotationText));
    List<WindowJson> windowsJson = orEmpty(l.restrictions());
    List<TimeWindow> restrictions = new ArrayList<>();
    for (int i = 0; i < windowsJson.size(); i++) {
      String at = path + ".restrictions[" + i + "]";
      restrictions.add(window(required(windowsJson.get(i), at), at));
    }
    return build(path, () -> new Layer(name, participants, start, rotation, restrictions));
  }

  private static TimeWindow window(WindowJson w, String path) {
    Set<DayOfWeek> days = w.days() == null ? EnumSet.allOf(DayOfWeek.class) : days(w.days(), path);
    LocalTime from = time(required(w.from(), path + ".from"), path + ".from");
    LocalTime to = time(required(w.to(), path + ".to"), path + ".to");
    return build(path, () -> new TimeWindow(days, from, to));
  }

  private static EscalationPolicy policy(PolicyJson p, String path) {
    String name = required(p.name(), path + ".name");
    List<StepJson> stepsJson = required(p.steps(), path + ".steps");
    List<EscalationStep> steps = new ArrayList<>();
    for (int i = 0; i < stepsJson.size(); i++) {
      String at = path + ".steps[" + i + "]";
      StepJson s = required(stepsJson.get(i), at);
      List<TargetJson> targetsJson = required(s.targets(), at + ".targets");
      List<Target> targets = new ArrayList<>();
      for (int t = 0; t < targetsJson.size(); t++) {
        String tp = at + ".targets[" + t + "]";
        targets.add(target(required(targetsJson.get(t), tp), tp));
      }
      int delay = required(s.delayMinutes(), at + ".delay_minutes");
      steps.add(build(at, () -> new EscalationStep(targets, delay)));
    }
    int repeat = p.repeat() == null ? 0 : p.repeat();
    return build(path, () -> new EscalationPolicy(name, steps, repeat));
  }

  private static Target target(TargetJson t, String path) {
    int kinds =
        (t.person() == null ? 0 : 1) + (t.schedule() == null ? 0 : 1) + (t.team() == null ? 0 : 1);
    if (kinds != 1) {
      throw new OnCallConfigException(path, "give exactly one of person, schedule or team");
    }
    if (t.person() != null) {
      String id = t.person();
      return build(path, () -> new Target.PersonTarget(id));
    }
    if (t.schedule() != null) {
      String name = t.schedule();
      return build(path, () -> new Target.ScheduleTarget(name));
    }
    List<String> team = required(t.team(), path + ".team");
    for (int i = 0; i < team.size(); i++) {
      required(team.get(i), path + ".team[" + i + "]");
    }
    return build(path, () -> new Target.TeamTarget(team));
  }

  private static QuietHours quiet(QuietHoursJson q, String path) {
    ZoneId zone = zone(required(q.zone(), path + ".zone"), path + ".zone");
    String holdText = q.holdBelow() == null ? "high" : q.holdBelow();
    Severity holdBelow = build(path + ".hold_below", () -> Severity.parse(holdText));
    List<WindowJson> windowsJson = required(q.windows(), path + ".windows");
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < windowsJson.size(); i++) {
      String at = path + ".windows[" + i + "]";
      windows.add(window(required(windowsJson.get(i), at), at));
    }
    return build(path, () -> new QuietHours(zone, windows, holdBelow));
  }

  private static Set<DayOfWeek> days(List<String> names, String path) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (int i = 0; i < names.size(); i++) {
      String at = path + ".days[" + i + "]";
      String name = required(names.get(i), at).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "weekdays" -> out.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        case "weekend", "weekends" -> out.addAll(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        case "daily", "everyday" -> out.addAll(EnumSet.allOf(DayOfWeek.class));
        default -> out.add(day(name, at));
      }
    }
    if (out.isEmpty()) {
      throw new OnCallConfigException(path + ".days", "name at least one day");
    }
    return out;
  }

  private static DayOfWeek day(String name, String path) {
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.name().toLowerCase(Locale.ROOT);
      if (name.equals(full) || name.equals(full.substring(0, 3))) {
        return d;
      }
    }
    throw new OnCallConfigException(
        path,
        "unknown day '"
            + Names.shown(name)
            + "' (expected mon … sun, monday … sunday, weekdays, weekend or daily)");
  }

  private static LocalTime time(String text, String path) {
    if (text.equals("24:00")) {
      return LocalTime.MIDNIGHT;
    }
    return parse(
        () -> LocalTime.parse(text), path, "'" + Names.shown(text) + "' is not a time like 09:00");
  }

  private static ZoneId zone(String text, String path) {
    return parse(() -> ZoneId.of(text), path, "unknown time zone '" + Names.shown(text) + "'");
  }

  private static Instant instant(String text, ZoneId zone, String path) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return parse(
          () -> Zones.resolve(LocalDateTime.parse(text), zone),
          path,
          "'"
              + Names.shown(text)
              + "' is not a date and time like 2026-02-11T09:00+09:00 (or 2026-02-11T09:00 in the"
              + " schedule's zone)");
    }
  }

  private static <T> T parse(Supplier<T> parser, String path, String problem) {
    try {
      return parser.get();
    } catch (DateTimeException e) {
      throw new OnCallConfigException(path, problem, e);
    }
  }

  /** Builds a value, turning its constructor's complaint into one about {@code path}. */
  private static <T> T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (OnCallConfigException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
      throw new OnCallConfigException(path, String.valueOf(e.getMessage()), e);
    }
  }

  private static <T> T required(@Nullable T value, String path) {
    if (value == null) {
      throw new OnCallConfigException(path, "required");
    }
    return value;
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
