package dev.mimamori.scan.heuristics.jazzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import dev.mimamori.scan.heuristics.HeuristicScanner;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the heuristic scanner with Jazzer: arbitrary bytes under a PHP, a
 * script, a template, an image and a server-config name. In a normal test run the method replays
 * its corpus; the scan module's {@code fuzz-heuristics} execution fuzzes it for a short time
 * ({@code JAZZER_FUZZ=1}), and {@code -Djazzer.max_duration} fuzzes longer on demand.
 */
class HeuristicScanJazzerFuzzTest {
  private static final String[] NAMES = {
    "a.php", "a.js", "a.twig", "a.html", "a.jpg", "a.php.gif", ".htaccess", ".user.ini", "a.txt"
  };
  private static final HeuristicScanner SCANNER = new HeuristicScanner();

  @FuzzTest(maxDuration = "10s")
  void scanNeverThrowsAndReportsWellFormedFindings(FuzzedDataProvider data) throws IOException {
    String name = NAMES[data.consumeInt(0, NAMES.length - 1)];
    byte[] content = data.consumeRemainingAsBytes();

    for (Finding f : SCANNER.scan(ScanInput.ofBytes(name, content))) {
      assertThat(f.engine()).isEqualTo("mimamori");
      assertThat(f.rule()).isNotBlank();
      assertThat(f.reason()).isNotBlank();
    }
  }
}
