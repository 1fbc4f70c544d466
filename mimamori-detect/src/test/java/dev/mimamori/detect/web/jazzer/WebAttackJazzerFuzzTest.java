package dev.mimamori.detect.web.jazzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mimamori.detect.web.AttackClass;
import dev.mimamori.detect.web.WebAttackAnalyzer;
import dev.mimamori.detect.web.WebDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the web-attack analyzers with Jazzer. In a normal test run the method
 * replays its corpus; the detect module's {@code fuzz-web-analyzers} execution fuzzes it for a
 * short time ({@code JAZZER_FUZZ=1}), and {@code -Djazzer.max_duration} fuzzes longer on demand.
 */
class WebAttackJazzerFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void analyzersNeverThrowAndStayBounded(byte[] data) {
    String value = new String(data, StandardCharsets.UTF_8);

    assertThat(WebAttackAnalyzer.analyze(value))
        .hasSizeLessThanOrEqualTo(AttackClass.values().length);
    assertThat(WebDecoder.variants(value, true)).hasSizeLessThanOrEqualTo(WebDecoder.MAX_VARIANTS);
  }
}
