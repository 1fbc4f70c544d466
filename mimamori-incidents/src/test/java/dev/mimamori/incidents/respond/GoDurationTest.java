package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
  @Test
  void writesDurationsAsGoDoes() {
    assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDuration.format(Duration.ofHours(4).minusSeconds(2))).isEqualTo("3h59m58s");
    assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDuration.format(Duration.ofSeconds(61))).isEqualTo("1m1s");
    assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1.5\u00b5s");
    assertThat(GoDuration.format(Duration.ofNanos(7))).isEqualTo("7ns");
    assertThat(GoDuration.format(Duration.ofSeconds(-2))).isEqualTo("-2s");
    assertThat(GoDuration.format(Duration.ofHours(4).minusNanos(4_243_813_214L)))
        .isEqualTo("3h59m55.756186786s");
    assertThat(GoDuration.format(Duration.ofHours(72).plusMinutes(3).plusMillis(500)))
        .isEqualTo("72h3m0.5s");
  }
}
