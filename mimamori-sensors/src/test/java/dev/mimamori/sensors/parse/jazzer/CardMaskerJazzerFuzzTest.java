package dev.mimamori.sensors.parse.jazzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mimamori.sensors.parse.CardMasker;

/**
 * Coverage-guided fuzzing of card masking with Jazzer. In a normal test run each method replays its
 * corpus ({@code
 * src/test/resources/dev/mimamori/sensors/parse/jazzer/CardMaskerJazzerFuzzTestInputs/}); the
 * sensors module's {@code fuzz} execution fuzzes each for a short time ({@code JAZZER_FUZZ=1}), and
 * {@code -Djazzer.max_duration} or a longer {@code maxDuration} fuzzes longer on demand.
 */
class CardMaskerJazzerFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void keepsLengthAndOnlyStarsDigits(byte[] data) {
    String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);

    String masked = CardMasker.mask(text);

    assertThat(masked).hasSameSizeAs(text);
    for (int i = 0; i < text.length(); i++) {
      if (masked.charAt(i) != text.charAt(i)) {
        assertThat(masked.charAt(i)).isEqualTo('*');
        assertThat(Character.isDigit(text.charAt(i))).isTrue();
      }
    }
  }
}
