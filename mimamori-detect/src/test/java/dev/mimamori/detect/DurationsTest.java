package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesSecondsMinutesHoursAndDays() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void ignoresSurroundingSpace() {
    assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void acceptsZero() {
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void refusesANumberWithoutUnit() {
    assertThatThrownBy(() -> Durations.parse("60"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'60'");
  }

  @Test
  void refusesAUnitWithoutNumber() {
    assertThatThrownBy(() -> Durations.parse("m")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnUnknownUnit() {
    assertThatThrownBy(() -> Durations.parse("10w"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit");
  }

  @Test
  void refusesANegativeDuration() {
    assertThatThrownBy(() -> Durations.parse("-1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}
