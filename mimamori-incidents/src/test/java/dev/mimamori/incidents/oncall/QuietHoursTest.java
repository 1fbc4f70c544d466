package dev.mimamori.incidents.oncall;

import static dev.mimamori.incidents.oncall.Fixtures.TOKYO;
import static dev.mimamori.incidents.oncall.Fixtures.tokyo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Severity;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  static final QuietHours NIGHTS =
      new QuietHours(
          TOKYO, List.of(TimeWindow.daily(LocalTime.of(22, 0), LocalTime.of(7, 0))), Severity.HIGH);

  @Test
  void holdsAMediumPageAtNightUntilSeven() {
    assertThat(NIGHTS.holdUntil(Severity.MEDIUM, tokyo("2026-03-03T23:00")))
        .contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void holdsAfterMidnightUntilSevenThatMorning() {
    assertThat(NIGHTS.holdUntil(Severity.LOW, tokyo("2026-03-04T03:00")))
        .contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void neverHoldsHighSeverity() {
    assertThat(NIGHTS.holdUntil(Severity.HIGH, tokyo("2026-03-03T23:00"))).isEmpty();
  }

  @Test
  void neverHoldsCriticalSeverity() {
    assertThat(NIGHTS.holdUntil(Severity.CRITICAL, tokyo("2026-03-03T23:00"))).isEmpty();
  }

  @Test
  void pagesAtOnceOutsideTheWindow() {
    assertThat(NIGHTS.holdUntil(Severity.INFO, tokyo("2026-03-04T07:00"))).isEmpty();
  }

  @Test
  void joinsAdjoiningWindows() {
    QuietHours split =
        new QuietHours(
            TOKYO,
            List.of(
                TimeWindow.daily(LocalTime.of(22, 0), LocalTime.MIDNIGHT),
                TimeWindow.daily(LocalTime.MIDNIGHT, LocalTime.of(7, 0))),
            Severity.HIGH);

    assertThat(split.holdUntil(Severity.MEDIUM, tokyo("2026-03-03T23:00")))
        .contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void noneHoldsNothing() {
    assertThat(QuietHours.none().holdUntil(Severity.INFO, tokyo("2026-03-03T23:00"))).isEmpty();
  }

  @Test
  void refusesToHoldCriticalIncidents() {
    assertThatThrownBy(
            () ->
                new QuietHours(
                    TOKYO,
                    List.of(TimeWindow.daily(LocalTime.of(22, 0), LocalTime.of(7, 0))),
                    Severity.CRITICAL))
        .hasMessageContaining("high and critical incidents always page");
  }

  @Test
  void refusesWindowsThatCoverTheWholeWeek() {
    assertThatThrownBy(
            () ->
                new QuietHours(
                    TOKYO,
                    List.of(
                        TimeWindow.daily(LocalTime.of(8, 0), LocalTime.of(20, 0)),
                        TimeWindow.daily(LocalTime.of(19, 0), LocalTime.of(9, 0))),
                    Severity.HIGH))
        .hasMessageContaining("cover the whole week");
  }
}
