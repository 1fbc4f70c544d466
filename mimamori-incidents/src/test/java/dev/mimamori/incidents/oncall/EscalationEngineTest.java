package dev.mimamori.incidents.oncall;

import static dev.mimamori.incidents.oncall.Fixtures.TOKYO;
import static dev.mimamori.incidents.oncall.Fixtures.layer;
import static dev.mimamori.incidents.oncall.Fixtures.people;
import static dev.mimamori.incidents.oncall.Fixtures.restricted;
import static dev.mimamori.incidents.oncall.Fixtures.tokyo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mimamori.incidents.oncall.Decision.Outcome;
import dev.mimamori.incidents.oncall.Target.PersonTarget;
import dev.mimamori.incidents.oncall.Target.ScheduleTarget;
import dev.mimamori.incidents.oncall.Target.TeamTarget;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EscalationEngineTest {
  /** Tuesday 2026-03-03 12:00 in Tokyo: aiko's day on the primary schedule. */
  static final Instant T0 = tokyo("2026-03-03T12:00");

  static final Schedule PRIMARY =
      new Schedule(
          "primary",
          TOKYO,
          List.of(layer("l", RotationLength.daily(), "2026-03-01T09:00", "ken", "mika", "aiko")),
          List.of());

  static final Schedule OFFICE_ONLY =
      new Schedule(
          "office",
          TOKYO,
          List.of(
              restricted(
                  "office",
                  RotationLength.daily(),
                  "2026-03-02T09:00",
                  TimeWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)),
                  "mika")),
          List.of());

  static EscalationStep step(int minutes, Target... targets) {
    return new EscalationStep(List.of(targets), minutes);
  }

  /** primary (5 min) → lead (10 min), twice. */
  static final EscalationPolicy DEFAULT =
      new EscalationPolicy(
          "default",
          List.of(step(5, new ScheduleTarget("primary")), step(10, new PersonTarget("lead"))),
          1);

  /** aiko, ken, mika, lead: 5, 5, 5 and 60 minutes, once. */
  static final EscalationPolicy LONG =
      new EscalationPolicy(
          "long",
          List.of(
              step(5, new PersonTarget("aiko")),
              step(5, new PersonTarget("ken")),
              step(5, new PersonTarget("mika")),
              step(60, new PersonTarget("lead"))),
          0);

  static final EscalationPolicy TEAM =
      new EscalationPolicy(
          "team",
          List.of(
              step(
                  5,
                  new ScheduleTarget("primary"),
                  new TeamTarget(List.of("aiko", "ken", "lead")))),
          0);

  static final EscalationPolicy OFFICE_FIRST =
      new EscalationPolicy(
          "office-first",
          List.of(step(5, new ScheduleTarget("office")), step(5, new PersonTarget("lead"))),
          0);

  static final EscalationPolicy OFFICE_ALONE =
      new EscalationPolicy("office-alone", List.of(step(5, new ScheduleTarget("office"))), 0);

  static final QuietHours NIGHTS =
      new QuietHours(
          TOKYO, List.of(TimeWindow.daily(LocalTime.of(22, 0), LocalTime.of(7, 0))), Severity.HIGH);

  static OnCallConfig config(QuietHours quiet) {
    return new OnCallConfig(
        people("aiko", "ken", "mika", "lead"),
        List.of(PRIMARY, OFFICE_ONLY),
        List.of(DEFAULT, LONG, TEAM, OFFICE_FIRST, OFFICE_ALONE),
        quiet,
        PageBudget.unlimited());
  }

  final EscalationEngine engine = new EscalationEngine(config(QuietHours.none()));
  final EscalationEngine quiet = new EscalationEngine(config(NIGHTS));

  Decision start(String policy) {
    return engine.start("inc-1", Severity.MEDIUM, policy, T0);
  }

  static Instant at(Clock clock) {
    return clock.instant();
  }

  static Clock after(Duration d) {
    return Clock.offset(Clock.fixed(T0, TOKYO), d);
  }

  static List<String> ids(Decision d) {
    return d.pages().stream().map(Page::id).toList();
  }

  @Test
  void startPagesTheFirstStepAtOnce() {
    assertThat(ids(start("default"))).containsExactly("inc-1/0/0/aiko");
  }

  @Test
  void waitsUntilTheStepDelayIsOver() {
    Decision d =
        engine.advance(
            start("default").state(), IncidentStatus.NEW, T0.plus(Duration.ofSeconds(299)));

    assertThat(d.outcome()).isEqualTo(Outcome.WAITING);
  }

  @Test
  void asksToBeCalledAgainWhenTheStepDelayIsOver() {
    assertThat(start("default").nextCheck()).contains(T0.plus(Duration.ofMinutes(5)));
  }

  @Test
  void pagesTheNextStepAfterTheDelay() {
    Decision d =
        engine.advance(
            start("default").state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(5))));

    assertThat(ids(d)).containsExactly("inc-1/1/0/lead");
  }

  @Test
  void runsTheWholeChainUntilAcknowledged() {
    List<String> paged = new ArrayList<>();
    Decision d = start("default");
    paged.addAll(ids(d));
    for (int minute = 1; minute <= 40; minute++) {
      IncidentStatus status = minute < 18 ? IncidentStatus.NEW : IncidentStatus.ACKNOWLEDGED;
      d = engine.advance(d.state(), status, at(after(Duration.ofMinutes(minute))));
      paged.addAll(ids(d));
    }

    // step 1 at 0, step 2 at 5, step 1 again (second pass) at 15, acknowledged at 18.
    assertThat(paged).containsExactly("inc-1/0/0/aiko", "inc-1/1/0/lead", "inc-1/0/1/aiko");
  }

  @Test
  void startsOverAfterTheLastStepWhenRepeating() {
    Decision d = start("default");
    d = engine.advance(d.state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(5))));
    d = engine.advance(d.state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(15))));

    assertThat(d.pages()).extracting(Page::step, Page::loop).containsExactly(tuple(0, 1));
  }

  @Test
  void runsOutAfterTheLastPassAndItsDelay() {
    Decision d = start("default");
    for (int minute : new int[] {5, 15, 20, 30}) {
      d = engine.advance(d.state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(minute))));
    }

    assertThat(d.outcome()).isEqualTo(Outcome.EXHAUSTED);
  }

  @Test
  void isDoneOnceRunOut() {
    Decision d = start("default");
    for (int minute : new int[] {5, 15, 20, 30}) {
      d = engine.advance(d.state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(minute))));
    }

    assertThat(d.nextCheck()).isEmpty();
  }

  @Test
  void stopsWhenAcknowledged() {
    Decision d =
        engine.advance(
            start("default").state(),
            IncidentStatus.ACKNOWLEDGED,
            at(after(Duration.ofMinutes(5))));

    assertThat(d.state().done()).isTrue();
  }

  @Test
  void pagesNobodyOnceAcknowledged() {
    Decision d =
        engine.advance(
            start("default").state(),
            IncidentStatus.ACKNOWLEDGED,
            at(after(Duration.ofMinutes(5))));

    assertThat(d.pages()).isEmpty();
  }

  @Test
  void stopsWhenClosed() {
    Decision d =
        engine.advance(
            start("default").state(),
            IncidentStatus.FALSE_POSITIVE,
            at(after(Duration.ofMinutes(1))));

    assertThat(d.outcome()).isEqualTo(Outcome.ACKNOWLEDGED);
  }

  @Test
  void staysStoppedEvenIfTheIncidentReopens() {
    Decision stopped =
        engine.advance(
            start("default").state(), IncidentStatus.CONTAINED, at(after(Duration.ofMinutes(1))));

    Decision later =
        engine.advance(stopped.state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(30))));

    assertThat(later.outcome()).isEqualTo(Outcome.ALREADY_DONE);
  }

  @Test
  void sameStateAdvancedTwiceGivesTheSamePageIds() {
    EscalationState s = start("default").state();
    Instant t = at(after(Duration.ofMinutes(6)));

    assertThat(ids(engine.advance(s, IncidentStatus.NEW, t)))
        .isEqualTo(ids(engine.advance(s, IncidentStatus.NEW, t)));
  }

  @Test
  void advancingTheStoredStateAgainPagesNobody() {
    Instant t = at(after(Duration.ofMinutes(6)));
    Decision d = engine.advance(start("default").state(), IncidentStatus.NEW, t);

    assertThat(engine.advance(d.state(), IncidentStatus.NEW, t).pages()).isEmpty();
  }

  @Test
  void neverEmitsAPageTheStateRecordsAsEmitted() {
    EscalationState restored =
        new EscalationState(
            "inc-1", "default", Severity.MEDIUM, 0, 0, T0, true, false, Set.of("inc-1/0/0/aiko"));

    assertThat(engine.advance(restored, IncidentStatus.NEW, T0).pages()).isEmpty();
  }

  @Test
  void recordsEmittedPagesInTheState() {
    assertThat(start("team").state().emitted())
        .containsExactly("inc-1/0/0/aiko", "inc-1/0/0/ken", "inc-1/0/0/lead");
  }

  @Test
  void pagesOnlyTheCurrentStepAfterLongDowntime() {
    // Due: ken at 5, mika at 10, lead at 15. The server comes back at 17.
    Decision d =
        engine.advance(
            start("long").state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(17))));

    assertThat(ids(d)).containsExactly("inc-1/3/0/lead");
  }

  @Test
  void caughtUpStepGetsItsFullDelayFromNow() {
    Decision d =
        engine.advance(
            start("long").state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(17))));

    assertThat(d.nextCheck()).contains(T0.plus(Duration.ofMinutes(17 + 60)));
  }

  @Test
  void catchUpIsToldInThePageReason() {
    Decision d =
        engine.advance(
            start("long").state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(17))));

    assertThat(d.pages().get(0).reason()).contains("2 earlier step(s) not paged");
  }

  @Test
  void catchesUpAcrossPasses() {
    // default: primary at 0, lead at 5, primary again (second pass) at 15, lead at 20.
    Decision d =
        engine.advance(
            start("default").state(), IncidentStatus.NEW, at(after(Duration.ofMinutes(17))));

    assertThat(ids(d)).containsExactly("inc-1/0/1/aiko");
  }

  @Test
  void pagesTheLastStepOnceWhenThePolicyWouldHaveRunOutMeanwhile() {
    List<String> paged = new ArrayList<>();
    EscalationState s = start("long").state();
    for (Duration t : List.of(Duration.ofHours(10), Duration.ofHours(10).plusMinutes(1))) {
      Decision d = engine.advance(s, IncidentStatus.NEW, at(after(t)));
      paged.addAll(ids(d));
      s = d.state();
    }

    assertThat(paged).containsExactly("inc-1/3/0/lead");
  }

  @Test
  void runsOutAfterTheCaughtUpLastStepsDelay() {
    Decision d =
        engine.advance(start("long").state(), IncidentStatus.NEW, at(after(Duration.ofHours(10))));

    Decision later =
        engine.advance(
            d.state(), IncidentStatus.NEW, at(after(Duration.ofHours(10).plusMinutes(60))));

    assertThat(later.outcome()).isEqualTo(Outcome.EXHAUSTED);
  }

  @Test
  void pagesEveryoneInATeam() {
    assertThat(start("team").pages()).extracting(Page::personId).contains("ken", "lead");
  }

  @Test
  void pagesAPersonNamedTwiceInAStepOnce() {
    // aiko is on call on primary and also in the team.
    assertThat(start("team").pages()).extracting(Page::personId).containsOnlyOnce("aiko");
  }

  @Test
  void skipsAStepWithNobodyOnCall() {
    Decision d = engine.start("inc-1", Severity.MEDIUM, "office-first", tokyo("2026-03-03T20:00"));

    assertThat(ids(d)).containsExactly("inc-1/1/0/lead");
  }

  @Test
  void waitsOutTheStepWhenNobodyAtAllIsOnCall() {
    Decision d = engine.start("inc-1", Severity.MEDIUM, "office-alone", tokyo("2026-03-03T20:00"));

    assertThat(d.outcome()).isEqualTo(Outcome.NOBODY_ON_CALL);
  }

  @Test
  void pagesWhoeverTheScheduleHasOnCallWhenTheStepPages() {
    // primary: aiko on 3 March, ken from 09:00 on 4 March. The second pass pages a day later.
    EscalationPolicy daily =
        new EscalationPolicy("daily", List.of(step(24 * 60, new ScheduleTarget("primary"))), 1);
    EscalationEngine e =
        new EscalationEngine(
            new OnCallConfig(
                people("aiko", "ken", "mika"),
                List.of(PRIMARY),
                List.of(daily),
                QuietHours.none(),
                PageBudget.unlimited()));
    Decision first = e.start("inc-1", Severity.LOW, "daily", T0);

    Decision second = e.advance(first.state(), IncidentStatus.NEW, T0.plus(Duration.ofDays(1)));

    assertThat(ids(second)).containsExactly("inc-1/0/1/ken");
  }

  @Test
  void holdsALessUrgentPageDuringQuietHours() {
    Decision d = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    assertThat(d.outcome()).isEqualTo(Outcome.HELD);
  }

  @Test
  void releasesAHeldPageWhenQuietHoursEnd() {
    Decision d = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    assertThat(d.nextCheck()).contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void pagesTheHeldStepAtRelease() {
    Decision held = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    Decision d = quiet.advance(held.state(), IncidentStatus.NEW, tokyo("2026-03-04T07:00"));

    assertThat(ids(d)).containsExactly("inc-1/0/0/aiko");
  }

  @Test
  void heldStepGetsItsFullDelayAfterRelease() {
    Decision held = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    Decision d = quiet.advance(held.state(), IncidentStatus.NEW, tokyo("2026-03-04T07:00"));

    assertThat(d.nextCheck()).contains(tokyo("2026-03-04T07:05"));
  }

  @Test
  void pagesHighSeverityDuringQuietHours() {
    Decision d = quiet.start("inc-1", Severity.HIGH, "default", tokyo("2026-03-03T23:00"));

    assertThat(d.outcome()).isEqualTo(Outcome.PAGED);
  }

  @Test
  void pagesAHeldStepAsSoonAsTheSeverityRises() {
    Decision held = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    Decision d =
        quiet.advance(
            held.state().withSeverity(Severity.CRITICAL),
            IncidentStatus.NEW,
            tokyo("2026-03-03T23:10"));

    assertThat(d.pages()).extracting(Page::severity).containsExactly(Severity.CRITICAL);
  }

  @Test
  void holdsAStepThatFallsDueDuringQuietHours() {
    Decision d = quiet.start("inc-1", Severity.LOW, "default", tokyo("2026-03-03T21:58"));

    Decision next = quiet.advance(d.state(), IncidentStatus.NEW, tokyo("2026-03-03T22:03"));

    assertThat(next.nextCheck()).contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void acknowledgingAHeldIncidentStopsItWithoutPaging() {
    Decision held = quiet.start("inc-1", Severity.MEDIUM, "default", tokyo("2026-03-03T23:00"));

    Decision d =
        quiet.advance(held.state(), IncidentStatus.ACKNOWLEDGED, tokyo("2026-03-04T07:00"));

    assertThat(d.pages()).isEmpty();
  }

  @Test
  void refusesToStartAnUnknownPolicy() {
    assertThatThrownBy(() -> start("nope")).hasMessageContaining("unknown escalation policy");
  }

  @Test
  void stopsWhenThePolicyIsNoLongerConfigured() {
    EscalationState s = start("long").state();
    EscalationEngine reloaded =
        new EscalationEngine(
            new OnCallConfig(
                people("aiko", "ken", "mika", "lead"),
                List.of(PRIMARY),
                List.of(DEFAULT),
                QuietHours.none(),
                PageBudget.unlimited()));

    assertThat(reloaded.advance(s, IncidentStatus.NEW, at(after(Duration.ofMinutes(5)))).outcome())
        .isEqualTo(Outcome.POLICY_GONE);
  }

  @Test
  void explainsWhyAPersonWasPaged() {
    assertThat(start("default").pages().get(0).reason())
        .isEqualTo("policy 'default' step 1 of 2, pass 1 of 2: schedule 'primary'");
  }
}
