package dev.mimamori.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random versions and ranges: reading one either succeeds or is an {@link
 * InvalidVersionException}, never another failure; the order of what reads is a total order.
 */
class VersionFuzzTest {
  private static final int ITERATIONS = 50_000;
  private static final String ALPHABET = "0123456789....---pPvrcRCbetalphadev*^~<>=!|, x@";

  private static String randomText(Random rnd, int max) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(max);
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  @Test
  void readingAVersionFailsOnlyWithAClearError() {
    Random rnd = new Random(0x5EED);
    for (int i = 0; i < ITERATIONS; i++) {
      String s = randomText(rnd, 20);
      try {
        assertThat(Version.parse(s).text()).isEqualTo(s.strip());
      } catch (InvalidVersionException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void readingARangeFailsOnlyWithAClearError() {
    Random rnd = new Random(42);
    for (int i = 0; i < ITERATIONS; i++) {
      String s = randomText(rnd, 40);
      try {
        Constraints.parse(s).contains(Version.parse("4.0.6-p2"));
      } catch (InvalidVersionException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void readingRandomBytesFailsOnlyWithAClearError() {
    Random rnd = new Random(7);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] b = new byte[rnd.nextInt(30)];
      rnd.nextBytes(b);
      String s = new String(b, StandardCharsets.UTF_8);
      try {
        Constraints.parse(s);
      } catch (InvalidVersionException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void generatedVersionsAreTotallyOrdered() {
    Random rnd = new Random(99);
    String[] suffixes = {"", "-dev", "-alpha", "-beta2", "-RC1", "-p1", "-p2", "-p10"};
    for (int i = 0; i < ITERATIONS; i++) {
      Version a =
          Version.parse(
              rnd.nextInt(5)
                  + "."
                  + rnd.nextInt(3)
                  + "."
                  + rnd.nextInt(3)
                  + suffixes[rnd.nextInt(suffixes.length)]);
      Version b =
          Version.parse(
              rnd.nextInt(5) + "." + rnd.nextInt(3) + suffixes[rnd.nextInt(suffixes.length)]);
      Version c =
          Version.parse(
              rnd.nextInt(5)
                  + "."
                  + rnd.nextInt(3)
                  + "."
                  + rnd.nextInt(3)
                  + suffixes[rnd.nextInt(suffixes.length)]);

      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
      if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
        assertThat(a.compareTo(c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
      }
    }
  }
}
