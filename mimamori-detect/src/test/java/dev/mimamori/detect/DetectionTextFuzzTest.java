package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random text, heavy in escapes: normalizing never throws and never grows ASCII input. */
class DetectionTextFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final String ALPHABET = "%%%%uU+0123456789abcdefABCDEFxyz<>/ ";

  @Test
  void neverThrowsAndNeverGrowsEscapeHeavyAsciiText() {
    Random rnd = new Random(7);
    for (int it = 0; it < ITERATIONS; it++) {
      int len = rnd.nextInt(80);
      StringBuilder b = new StringBuilder(len);
      for (int k = 0; k < len; k++) {
        b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
      }
      String in = b.toString();

      String out = DetectionText.normalize(in);

      assertThat(out.length()).as(in).isLessThanOrEqualTo(in.length());
    }
  }

  @Test
  void neverThrowsOnRandomBytes() {
    Random rnd = new Random(8);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(120)];
      rnd.nextBytes(bytes);
      String in = new String(bytes, StandardCharsets.ISO_8859_1);

      assertThat(DetectionText.normalize(in)).isNotNull();
    }
  }

  @Test
  void plainAsciiWithoutEscapesIsOnlyLowerCased() {
    Random rnd = new Random(9);
    for (int it = 0; it < ITERATIONS; it++) {
      int len = rnd.nextInt(60);
      StringBuilder b = new StringBuilder(len);
      for (int k = 0; k < len; k++) {
        char c = (char) (0x20 + rnd.nextInt(0x5f));
        b.append(c == '%' || c == '+' ? '_' : c);
      }
      String in = b.toString();

      assertThat(DetectionText.normalize(in)).isEqualTo(in.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void decodesEveryPercentEncodedAsciiTextBackToItsLowerCase() {
    Random rnd = new Random(10);
    for (int it = 0; it < ITERATIONS; it++) {
      int len = rnd.nextInt(40);
      StringBuilder plain = new StringBuilder(len);
      StringBuilder encoded = new StringBuilder(len * 3);
      for (int k = 0; k < len; k++) {
        char c = (char) ('a' + rnd.nextInt(26));
        plain.append(c);
        encoded.append(String.format("%%%02X", (int) c));
      }

      assertThat(DetectionText.normalize(encoded.toString())).isEqualTo(plain.toString());
    }
  }
}
