package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The findings cache gives what the full analysis gives, on attacks and benign values alike. */
class FindingsCacheTest {

  private static List<String> values() throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : List.of("attacks.tsv", "benign.txt")) {
      try (InputStream in = FindingsCacheTest.class.getResourceAsStream("/testdata/web/" + name)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Arrays.stream(text.split("\n"))
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .map(l -> name.endsWith(".tsv") ? l.split("\t", 2)[1] : l)
            .forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void repeatedValuesOfEveryKindGetTheFindingsOfAFullAnalysis() throws IOException {
    List<String> values = values();
    List<String> differing = new ArrayList<>();
    // Three passes: the first fills the cache, the others read it (and values that share a slot
    // push each other out, which must not mix their findings up either).
    for (int pass = 0; pass < 3; pass++) {
      for (String v : values) {
        for (WebValue.Source source : WebValue.Source.values()) {
          for (String parameter : new String[] {null, "url", "q"}) {
            List<Finding> expected =
                Gate.worthAnalyzing(v, source)
                    ? WebAttackAnalyzer.analyzeFully(v, parameter, source)
                    : List.of();
            if (!WebAttackAnalyzer.analyze(v, parameter, source).equals(expected)) {
              differing.add(source + " " + parameter + " " + v);
            }
          }
        }
      }
    }

    assertThat(differing).isEmpty();
  }

  @Test
  void theSameValueUnderAnotherParameterNameIsAnalyzedForThatName() {
    String url = "http://198.51.100.7/shell.txt";
    List<Finding> asFile = WebAttackAnalyzer.analyze(url, "file", WebValue.Source.PARAMETER);
    List<Finding> asReturnUrl =
        WebAttackAnalyzer.analyze(url, "return_url", WebValue.Source.PARAMETER);

    assertThat(List.of(asFile, asReturnUrl))
        .isEqualTo(
            List.of(
                WebAttackAnalyzer.analyzeFully(url, "file", WebValue.Source.PARAMETER),
                WebAttackAnalyzer.analyzeFully(url, "return_url", WebValue.Source.PARAMETER)));
  }
}
