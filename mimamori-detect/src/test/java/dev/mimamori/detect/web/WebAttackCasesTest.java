package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven cases under {@code testdata/web/}: classic payloads of every class, and benign
 * look-alikes (names with apostrophes, SQL words in sentences, Japanese in UTF-8 and Shift_JIS,
 * base64 tokens, EC-CUBE's own URLs) that must not fire.
 */
class WebAttackCasesTest {

  static Stream<Arguments> attacks() throws IOException {
    return lines("attacks.tsv").map(l -> l.split("\t", 2)).map(p -> Arguments.of(p[0], p[1]));
  }

  static Stream<String> benign() throws IOException {
    return lines("benign.txt");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("attacks")
  void reportsTheAttackClass(String attackClass, String value) {
    assertThat(WebAttackAnalyzer.analyze(value))
        .extracting(Finding::attackClass)
        .contains(attackClass);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benign")
  void reportsNothingForBenignValues(String value) {
    assertThat(WebAttackAnalyzer.analyze(value)).isEmpty();
  }

  private static Stream<String> lines(String name) throws IOException {
    try (InputStream in = WebAttackCasesTest.class.getResourceAsStream("/testdata/web/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#"));
    }
  }
}
