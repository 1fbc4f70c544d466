package dev.mimamori.incidents.oncall;

import static dev.mimamori.incidents.oncall.Fixtures.NEW_YORK;
import static dev.mimamori.incidents.oncall.Fixtures.TOKYO;
import static dev.mimamori.incidents.oncall.Fixtures.newYork;
import static dev.mimamori.incidents.oncall.Fixtures.tokyo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  static final TimeWindow FRIDAY_NIGHT =
      new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0));

  @Test
  void windowPastMidnightBelongsToTheDayItStarts() {
    // 2026-03-07 is a Saturday.
    assertThat(FRIDAY_NIGHT.occurrenceAt(tokyo("2026-03-07T05:00"), TOKYO)).isPresent();
  }

  @Test
  void windowPastMidnightDoesNotStartOnOtherDays() {
    assertThat(FRIDAY_NIGHT.occurrenceAt(tokyo("2026-03-07T23:00"), TOKYO)).isEmpty();
  }

  @Test
  void endIsExclusive() {
    assertThat(FRIDAY_NIGHT.occurrenceAt(tokyo("2026-03-07T06:00"), TOKYO)).isEmpty();
  }

  @Test
  void sameStartAndEndIsAWholeDay() {
    TimeWindow saturday =
        new TimeWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    assertThat(saturday.length()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void nightWindowIsAnHourLongerWhenClocksFallBack() {
    TimeWindow nights = TimeWindow.daily(LocalTime.of(22, 0), LocalTime.of(7, 0));

    Interval night = nights.occurrenceAt(newYork("2026-11-01T03:00"), NEW_YORK).orElseThrow();

    assertThat(Duration.between(night.start(), night.end())).isEqualTo(Duration.ofHours(10));
  }

  @Test
  void listsEveryOccurrenceInASpan() {
    TimeWindow office = TimeWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));

    assertThat(office.occurrences(tokyo("2026-03-02T00:00"), tokyo("2026-03-09T00:00"), TOKYO))
        .hasSize(5);
  }
}
