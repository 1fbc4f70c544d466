package dev.mimamori.incidents.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RotationLengthTest {
  @Test
  void readsDailyAndWeekly() {
    assertThat(RotationLength.parse("weekly")).isEqualTo(new RotationLength(1, ChronoUnit.WEEKS));
  }

  @Test
  void readsACountOfHours() {
    assertThat(RotationLength.parse("12h")).isEqualTo(RotationLength.hours(12));
  }

  @Test
  void writesWhatItReads() {
    assertThat(RotationLength.parse("2w").toString()).isEqualTo("2w");
  }

  @Test
  void refusesMinutes() {
    assertThatThrownBy(() -> RotationLength.parse("30m"))
        .hasMessageContaining("is not daily, weekly or a count");
  }

  @Test
  void refusesZero() {
    assertThatThrownBy(() -> RotationLength.parse("0d")).hasMessageContaining("1 to 1000");
  }
}
