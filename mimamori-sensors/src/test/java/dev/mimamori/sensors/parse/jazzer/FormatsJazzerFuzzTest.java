package dev.mimamori.sensors.parse.jazzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.parse.TestdataHarness;

/**
 * Coverage-guided fuzzing of every format with Jazzer. In a normal test run each method replays its
 * corpus ({@code
 * src/test/resources/dev/mimamori/sensors/parse/jazzer/FormatsJazzerFuzzTestInputs/}); the sensors
 * module's {@code fuzz} execution fuzzes each for a short time ({@code JAZZER_FUZZ=1}), and {@code
 * -Djazzer.max_duration} or a longer {@code maxDuration} fuzzes longer on demand.
 */
class FormatsJazzerFuzzTest {
  private static final LogParser AUTO = Parsers.forFormat("auto");

  @FuzzTest(maxDuration = "10s")
  void everyFormatEitherParsesOrRejectsAnyLine(byte[] data) {
    String line = new String(data, java.nio.charset.StandardCharsets.UTF_8);

    ParseResult r = AUTO.parse(line, TestdataHarness.CTX);

    assertThat(r).isNotNull();
    if (r instanceof ParseResult.Parsed p) {
      assertThat(p.event().original()).isEqualTo(CardMasker.mask(p.event().original()));
    }
  }
}
