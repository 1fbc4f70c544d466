package dev.mimamori.incidents.oncall;

import static dev.mimamori.incidents.oncall.Fixtures.NEW_YORK;
import static dev.mimamori.incidents.oncall.Fixtures.TOKYO;
import static dev.mimamori.incidents.oncall.Fixtures.layer;
import static dev.mimamori.incidents.oncall.Fixtures.newYork;
import static dev.mimamori.incidents.oncall.Fixtures.restricted;
import static dev.mimamori.incidents.oncall.Fixtures.tokyo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  // 2026-03-02 is a Monday.
  static final Schedule DAILY_TOKYO =
      new Schedule(
          "primary",
          TOKYO,
          List.of(layer("l1", RotationLength.daily(), "2026-03-02T09:00", "aiko", "ken", "mika")),
          List.of());

  static final Schedule DAILY_NEW_YORK =
      new Schedule(
          "us",
          NEW_YORK,
          List.of(layer("l1", RotationLength.daily(), "2026-03-05T09:00", "amy", "bob")),
          List.of());

  static final TimeWindow OFFICE = TimeWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));

  static Schedule withBusinessHours(ScheduleOverride... overrides) {
    return new Schedule(
        "primary",
        TOKYO,
        List.of(
            layer("base", RotationLength.weekly(), "2026-03-02T09:00", "aiko"),
            restricted("office", RotationLength.daily(), "2026-03-02T09:00", OFFICE, "mika")),
        List.of(overrides));
  }

  @Test
  void handsOffAtNineInTheScheduleZone() {
    assertThat(DAILY_TOKYO.onCall(tokyo("2026-03-03T09:00"))).contains("ken");
  }

  @Test
  void keepsTheShiftUntilJustBeforeTheHandoff() {
    assertThat(DAILY_TOKYO.onCall(tokyo("2026-03-03T08:59:59"))).contains("aiko");
  }

  @Test
  void startsOverWithTheFirstParticipant() {
    assertThat(DAILY_TOKYO.onCall(tokyo("2026-03-05T09:00"))).contains("aiko");
  }

  @Test
  void hasNobodyBeforeTheRotationStarts() {
    assertThat(DAILY_TOKYO.onCall(tokyo("2026-03-02T08:59"))).isEmpty();
  }

  @Test
  void rotatesFarIntoTheFuture() {
    // 2026-03-02 + 3000 days: 3000 % 3 == 0.
    assertThat(DAILY_TOKYO.onCall(tokyo("2034-05-19T09:00"))).contains("aiko");
  }

  @Test
  void weeklyRotationHandsOffOnTheStartWeekday() {
    Schedule s =
        new Schedule(
            "w",
            TOKYO,
            List.of(layer("l", RotationLength.weekly(), "2026-03-02T09:00", "aiko", "ken")),
            List.of());

    assertThat(
            List.of(
                s.onCall(tokyo("2026-03-08T23:00")),
                s.onCall(tokyo("2026-03-09T08:59")),
                s.onCall(tokyo("2026-03-09T09:00"))))
        .map(o -> o.orElseThrow())
        .containsExactly("aiko", "aiko", "ken");
  }

  @Test
  void hourRotationHandsOffEveryNHours() {
    Schedule s =
        new Schedule(
            "h",
            TOKYO,
            List.of(layer("l", RotationLength.hours(12), "2026-03-02T09:00", "aiko", "ken")),
            List.of());

    assertThat(
            List.of(
                s.onCall(tokyo("2026-03-02T20:59")),
                s.onCall(tokyo("2026-03-02T21:00")),
                s.onCall(tokyo("2026-03-03T09:00"))))
        .map(o -> o.orElseThrow())
        .containsExactly("aiko", "ken", "aiko");
  }

  @Test
  void keepsTheNineOClockHandoffAcrossTheSpringForwardChange() {
    // New York moves from UTC-5 to UTC-4 on 2026-03-08: 09:00 local is 13:00Z, no longer 14:00Z.
    assertThat(DAILY_NEW_YORK.onCall(Instant.parse("2026-03-08T13:00:00Z"))).contains("bob");
  }

  @Test
  void doesNotHandOffAnHourEarlyBeforeTheSpringForwardChange() {
    assertThat(DAILY_NEW_YORK.onCall(Instant.parse("2026-03-08T12:59:59Z"))).contains("amy");
  }

  @Test
  void shiftOverTheSpringForwardNightIsTwentyThreeHours() {
    List<Shift> shifts =
        DAILY_NEW_YORK.shifts(newYork("2026-03-07T09:00"), newYork("2026-03-09T09:00"));

    assertThat(shifts)
        .extracting(s -> Duration.between(s.from(), s.to()))
        .containsExactly(Duration.ofHours(23), Duration.ofHours(24));
  }

  @Test
  void shiftOverTheFallBackNightIsTwentyFiveHours() {
    List<Shift> shifts =
        DAILY_NEW_YORK.shifts(newYork("2026-10-31T09:00"), newYork("2026-11-01T09:00"));

    assertThat(shifts)
        .extracting(s -> Duration.between(s.from(), s.to()))
        .containsExactly(Duration.ofHours(25));
  }

  @Test
  void everyTokyoShiftIsTwentyFourHours() {
    List<Shift> shifts = DAILY_TOKYO.shifts(tokyo("2026-03-02T09:00"), tokyo("2026-04-01T09:00"));

    assertThat(shifts).allMatch(s -> Duration.between(s.from(), s.to()).equals(Duration.ofDays(1)));
  }

  @Test
  void listsShiftsInTurnOrder() {
    List<Shift> shifts = DAILY_TOKYO.shifts(tokyo("2026-03-02T00:00"), tokyo("2026-03-05T00:00"));

    assertThat(shifts)
        .containsExactly(
            new Shift("aiko", tokyo("2026-03-02T09:00"), tokyo("2026-03-03T09:00")),
            new Shift("ken", tokyo("2026-03-03T09:00"), tokyo("2026-03-04T09:00")),
            new Shift("mika", tokyo("2026-03-04T09:00"), tokyo("2026-03-05T00:00")));
  }

  @Test
  void mergesConsecutiveShiftsOfTheSamePerson() {
    Schedule alone =
        new Schedule(
            "a",
            TOKYO,
            List.of(layer("l", RotationLength.daily(), "2026-03-02T09:00", "aiko")),
            List.of());

    assertThat(alone.shifts(tokyo("2026-03-03T00:00"), tokyo("2026-03-06T00:00")))
        .containsExactly(new Shift("aiko", tokyo("2026-03-03T00:00"), tokyo("2026-03-06T00:00")));
  }

  @Test
  void higherLayerWinsDuringItsRestriction() {
    assertThat(withBusinessHours().onCall(tokyo("2026-03-03T10:00"))).contains("mika");
  }

  @Test
  void lowerLayerCoversOutsideTheRestriction() {
    assertThat(withBusinessHours().onCall(tokyo("2026-03-03T18:00"))).contains("aiko");
  }

  @Test
  void restrictedLayerIsSilentOnWeekends() {
    assertThat(withBusinessHours().onCall(tokyo("2026-03-07T10:00"))).contains("aiko");
  }

  @Test
  void shiftsFollowTheRestrictionWindow() {
    List<Shift> shifts =
        withBusinessHours().shifts(tokyo("2026-03-03T00:00"), tokyo("2026-03-04T00:00"));

    assertThat(shifts)
        .containsExactly(
            new Shift("aiko", tokyo("2026-03-03T00:00"), tokyo("2026-03-03T09:00")),
            new Shift("mika", tokyo("2026-03-03T09:00"), tokyo("2026-03-03T18:00")),
            new Shift("aiko", tokyo("2026-03-03T18:00"), tokyo("2026-03-04T00:00")));
  }

  @Test
  void leavesOutTimeWithNobodyOnCall() {
    Schedule officeOnly =
        new Schedule(
            "o",
            TOKYO,
            List.of(
                restricted("office", RotationLength.daily(), "2026-03-02T09:00", OFFICE, "mika")),
            List.of());

    assertThat(officeOnly.shifts(tokyo("2026-03-06T00:00"), tokyo("2026-03-10T00:00")))
        .containsExactly(
            new Shift("mika", tokyo("2026-03-06T09:00"), tokyo("2026-03-06T18:00")),
            new Shift("mika", tokyo("2026-03-09T09:00"), tokyo("2026-03-09T18:00")));
  }

  @Test
  void overrideWinsOverEveryLayer() {
    Schedule s =
        withBusinessHours(
            new ScheduleOverride("ken", tokyo("2026-03-03T10:00"), tokyo("2026-03-03T12:00")));

    assertThat(s.onCall(tokyo("2026-03-03T11:00"))).contains("ken");
  }

  @Test
  void overrideEndsAtItsEnd() {
    Schedule s =
        withBusinessHours(
            new ScheduleOverride("ken", tokyo("2026-03-03T10:00"), tokyo("2026-03-03T12:00")));

    assertThat(s.onCall(tokyo("2026-03-03T12:00"))).contains("mika");
  }

  @Test
  void laterOverrideWinsWhereOverridesOverlap() {
    Schedule s =
        withBusinessHours(
            new ScheduleOverride("ken", tokyo("2026-03-03T10:00"), tokyo("2026-03-03T12:00")),
            new ScheduleOverride("sora", tokyo("2026-03-03T11:00"), tokyo("2026-03-03T13:00")));

    assertThat(s.onCall(tokyo("2026-03-03T11:30"))).contains("sora");
  }

  @Test
  void shiftsShowTheOverride() {
    Schedule s =
        withBusinessHours(
            new ScheduleOverride("ken", tokyo("2026-03-03T17:00"), tokyo("2026-03-03T20:00")));

    assertThat(s.shifts(tokyo("2026-03-03T16:00"), tokyo("2026-03-03T21:00")))
        .containsExactly(
            new Shift("mika", tokyo("2026-03-03T16:00"), tokyo("2026-03-03T17:00")),
            new Shift("ken", tokyo("2026-03-03T17:00"), tokyo("2026-03-03T20:00")),
            new Shift("aiko", tokyo("2026-03-03T20:00"), tokyo("2026-03-03T21:00")));
  }

  @Test
  void refusesToListMoreThanAYearOfShifts() {
    assertThatThrownBy(
            () -> DAILY_TOKYO.shifts(tokyo("2026-01-01T00:00"), tokyo("2027-01-03T00:00")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesTwoLayersWithOneName() {
    assertThatThrownBy(
            () ->
                new Schedule(
                    "s",
                    TOKYO,
                    List.of(
                        layer("l", RotationLength.daily(), "2026-03-02T09:00", "aiko"),
                        layer("l", RotationLength.daily(), "2026-03-02T09:00", "ken")),
                    List.of()))
        .hasMessageContaining("two layers are named 'l'");
  }

  @Test
  void exposesTheHandoffTimeOfALayer() {
    assertThat(DAILY_TOKYO.layers().get(0).handoffTime()).isEqualTo(LocalTime.of(9, 0));
  }
}
