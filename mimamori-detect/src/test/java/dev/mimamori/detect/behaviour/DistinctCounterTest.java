package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

  @ParameterizedTest(name = "{0} registers set before")
  @ValueSource(ints = {3, 63, 64, 65, 1_000})
  void countsFromNothingAfterAClear(int registers) {
    // A few set registers are cleared one by one, many all at once: either way none is left.
    DistinctCounter c = new DistinctCounter();
    List<String> added = new ArrayList<>();
    for (int i = 0; c.setRegisters() < registers; i++) {
      c.add(Traffic.ip(i));
      added.add(Traffic.ip(i));
    }
    c.clear();
    DistinctCounter fresh = new DistinctCounter();
    for (String ip : added) {
      // the same addresses again: each register they set must have been cleared to count again
      assertThat(c.add(ip)).isEqualTo(fresh.add(ip));
    }

    assertThat(c.estimate()).isEqualTo(fresh.estimate());
  }

  @Test
  void countsAddressesWithOneStringHashAsMany() {
    // 256 texts of one length and one String.hashCode ("Aa" and "BB" hash alike): an attacker who
    // chooses addresses must not make them count as one.
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < 256; i++) {
      StringBuilder sb = new StringBuilder("2001:db8::");
      for (int bit = 0; bit < 8; bit++) {
        sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      c.add(sb.toString());
    }

    assertThat((double) c.estimate()).isCloseTo(256, within(0.05 * 256));
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

  @Test
  void countsAnAddressOnceWhicheverInstanceItComesAs() {
    DistinctCounter c = new DistinctCounter();
    String a = "203.0.113.5";
    for (String v : List.of(a, a, new String(a), "203.0.113.6", a, new String("203.0.113.6"))) {
      c.add(v);
    }

    assertThat(c.estimate()).isEqualTo(2);
  }
}
