package dev.mimamori.scan.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven cases of {@code testdata/cases.txt}: each sample of a trait must be reported with
 * its rule ids and severity, and each clean look-alike must stay below HIGH.
 */
class HeuristicScannerCasesTest {
  private static final String DATA = "testdata/";
  private static final HeuristicScanner SCANNER = new HeuristicScanner();

  record Case(String file, List<String> rules, String severity) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Case> cases() throws IOException {
    String text = new String(resource("cases.txt"), StandardCharsets.UTF_8);
    return text.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(
            l -> {
              String[] parts = l.split("\\|");
              List<String> rules =
                  parts[1].trim().equals("-")
                      ? List.of()
                      : Arrays.stream(parts[1].split(",")).map(String::trim).toList();
              return new Case(parts[0].trim(), rules, parts[2].trim());
            })
        .toList();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = HeuristicScannerCasesTest.class.getResourceAsStream(DATA + name)) {
      return Objects.requireNonNull(in, "missing test resource " + name).readAllBytes();
    }
  }

  private static List<Finding> scan(Case c) throws IOException {
    return SCANNER.scan(ScanInput.ofBytes(c.file(), resource(c.file())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEachTraitWithItsRuleAndSeverityAndLeavesLookAlikesBelowHigh(Case c)
      throws IOException {
    List<Finding> findings = scan(c);
    if (c.severity().equals("below HIGH")) {
      assertThat(findings)
          .as("clean look-alike %s", c.file())
          .allSatisfy(f -> assertThat(f.severity()).isLessThan(Severity.HIGH));
      return;
    }
    assertThat(findings)
        .extracting(Finding::rule)
        .as("rules of %s", c.file())
        .containsAll(c.rules());
    assertThat(findings.get(0).severity())
        .as("top severity of %s", c.file())
        .isEqualTo(Severity.parse(c.severity()));
    assertThat(findings)
        .allSatisfy(
            f -> {
              assertThat(f.engine()).isEqualTo("mimamori");
              assertThat(f.reason()).isNotBlank();
              assertThat(f.tags()).isNotEmpty();
            });
  }
}
