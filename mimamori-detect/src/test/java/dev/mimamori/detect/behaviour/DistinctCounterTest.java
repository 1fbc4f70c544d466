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

  @ParameterizedTest(name = "{0} addresses before")
  @ValueSource(ints = {3, 63, 64, 65, 5_000})
  void countsFromNothingAfterAClear(int before) {
    // A few set registers are cleared one by one, many all at once: either way none is left.
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < before; i++) {
      c.add(Traffic.ip(i));
    }
    c.clear();
    DistinctCounter fresh = new DistinctCounter();
    for (int i = 0; i < before; i++) {
      // the same addresses again: each register they set must have been cleared to count again
      assertThat(c.add(Traffic.ip(i))).isEqualTo(fresh.add(Traffic.ip(i)));
    }

    assertThat(c.estimate()).isEqualTo(fresh.estimate());
  }

  @ParameterizedTest(name = "{0} addresses")
  @ValueSource(ints = {10_000, 1_000_000})
  void estimatesAddressesOfOneNetworkWithinTenPercent(int n) {
    // Addresses that differ in few characters: their strings' own hashes are close, the mixing
    // must spread them.
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < n; i++) {
      c.add("10." + (i >>> 16) + "." + ((i >>> 8) & 255) + "." + (i & 255));
    }

    assertThat((double) c.estimate()).isCloseTo(n, within(0.1 * n));
  }
}
