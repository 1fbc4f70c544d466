package dev.mimamori.detect.sigma.jazzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.sigma.SigmaFile;
import dev.mimamori.detect.sigma.SigmaLoad;
import dev.mimamori.detect.sigma.SigmaLoader;
import dev.mimamori.model.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Coverage-guided fuzzing of the Sigma loader with Jazzer: any text either loads (and its rules
 * then evaluate an event without throwing) or is a load error with a reason; nothing else escapes.
 * In a normal test run it replays its corpus ({@code
 * src/test/resources/dev/mimamori/detect/sigma/jazzer/SigmaLoaderJazzerFuzzTestInputs/}); the
 * detect module's {@code fuzz-sigma-loader} execution fuzzes it for a short time ({@code
 * JAZZER_FUZZ=1}), and {@code -Djazzer.max_duration} fuzzes longer on demand.
 */
class SigmaLoaderJazzerFuzzTest {
  private static final Event EVENT =
      Event.builder()
          .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
          .original("203.0.113.7 - - \"GET /a/b.php?x=%3Cscript%3E HTTP/1.1\" 200 5 \"-\" \"ua\"")
          .sourceIp("203.0.113.7")
          .method("GET")
          .urlOriginal("/a/b.php?x=%3Cscript%3E")
          .urlPath("/a/b.php")
          .urlQuery("x=%3Cscript%3E")
          .statusCode(200)
          .userAgent("ua")
          .build();

  @FuzzTest(maxDuration = "5s")
  void loadsOrExplainsAnyText(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    SigmaLoader loader = new SigmaLoader();

    SigmaFile f = loader.parse("fuzz.yml", text);

    if (f instanceof SigmaFile.Failed failed) {
      assertThat(failed.error().reason()).isNotBlank();
      assertThat(failed.error().line()).isNotNegative();
    } else {
      SigmaLoad load = loader.link(List.of(f));
      assertThat(load.ruleSet().evaluate(new EventView(EVENT))).isNotNull();
    }
  }
}
