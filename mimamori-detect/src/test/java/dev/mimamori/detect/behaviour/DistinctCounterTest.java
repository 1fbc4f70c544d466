package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistinctCounterTest {

  @ParameterizedTest(name = "{0} addresses")
  @ValueSource(ints = {1, 20, 200, 1_000, 10_000, 100_000, 1_000_000})
  void estimatesDistinctAddressesWithinTenPercent(int n) {
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < n; i++) {
      c.add(Traffic.ip(i));
      c.add(Traffic.ip(i)); // seen twice, counted once
    }

    assertThat((double) c.estimate()).isCloseTo(n, within(Math.max(1, 0.1 * n)));
  }

  @ParameterizedTest(name = "{0} addresses")
  @ValueSource(ints = {5, 20, 50, 100, 250})
  void countsAFewHundredAddressesWithinFivePercent(int n) {
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < n; i++) {
      c.add("203.0." + (i / 256) + "." + (i % 256));
    }

    assertThat((double) c.estimate()).isCloseTo(n, within(Math.max(2, 0.05 * n)));
  }
}
