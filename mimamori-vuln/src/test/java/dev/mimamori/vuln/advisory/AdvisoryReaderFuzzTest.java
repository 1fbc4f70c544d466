package dev.mimamori.vuln.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of every test advisory (flipped, dropped and repeated bytes, cuts): reading
 * never throws, and every record it refuses is reported with a reason.
 */
class AdvisoryReaderFuzzTest {
  private static final int ITERATIONS = 500;
  private static final String[] NAMES = {"a.json", "a.yml", "a.json", "a.json", "a.xml", "a.json"};

  @Test
  void mutatedAdvisoriesGiveRecordsOrErrorsNeverAnException() {
    Random rnd = new Random(0xADF15);
    AdvisoryReader reader = new AdvisoryReader();
    for (int f = 0; f < Fixtures.ADVISORIES.length; f++) {
      byte[] original = Fixtures.bytes(Fixtures.ADVISORIES[f]);
      for (int i = 0; i < ITERATIONS; i++) {
        byte[] mutated = mutate(original, rnd);

        ReadResult r = reader.read(NAMES[f], "fuzz", mutated);

        assertThat(r.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
      }
    }
  }

  private static byte[] mutate(byte[] in, Random rnd) {
    byte[] b = Arrays.copyOf(in, in.length);
    switch (rnd.nextInt(4)) {
      case 0 -> {
        for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
      }
      case 1 -> {
        return Arrays.copyOf(b, rnd.nextInt(b.length));
      }
      case 2 -> {
        int at = rnd.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + rnd.nextInt(40));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, at + len);
        System.arraycopy(b, at, out, at + len, b.length - at);
        return out;
      }
      default -> {
        int at = rnd.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + rnd.nextInt(40));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
      }
    }
  }
}
