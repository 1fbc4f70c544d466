package dev.mimamori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short run of the drift benchmark, so that CI keeps it working; the figure is in docs. */
class UptimeBenchTest {
  @Test
  void shortRunOfTwoHundredTargetsSkipsNoCheck() throws Exception {
    UptimeBench.Result r =
        UptimeBench.run(
            new UptimeBench.Options(200, Duration.ofSeconds(10), Duration.ofSeconds(11), 8));

    assertThat(r.drift().skipped()).isZero();
  }
}
