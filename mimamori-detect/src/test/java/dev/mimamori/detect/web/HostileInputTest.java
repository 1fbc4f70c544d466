package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A megabyte of one piece repeated, for every analyzer: each must finish (linear work, bounded
 * input) and give a bounded answer. No timing is asserted; a quadratic analyzer would not finish.
 */
class HostileInputTest {
  private static final int MEGABYTE = 1 << 20;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(",
        "'",
        "\"",
        "<",
        "%25",
        "%u",
        "&#",
        "\\x",
        "/*",
        "${",
        "{{",
        "../",
        "<a ",
        "' or ",
        "<!--",
        "`",
        ";id",
        "0x2e",
        "\u00c0",
        "%c0%af",
        "javascript:",
        "![]+",
        "@@",
        "1=1 ",
        "&",
        "|",
        "&&",
        "o:1:\"",
        "a=",
        "</",
        "<title>",
        "/*!",
        "\\",
        "&lt",
        "${@",
        "://",
        "{{7*7",
        "alert(",
        ".."
      })
  void analyzingAMegabyteOfOnePieceGivesABoundedAnswer(String piece) {
    String value = piece.repeat(MEGABYTE / piece.length());

    assertThat(WebAttackAnalyzer.analyze(value))
        .hasSizeLessThanOrEqualTo(AttackClass.values().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"((((", "''''", "<<<<", "%25%25"})
  void analyzingAnEventOfHostilePartsGivesABoundedAnswer(String piece) {
    String big = piece.repeat(MEGABYTE / piece.length());
    Event e =
        Event.builder()
            .timestamp(Instant.EPOCH)
            .urlOriginal("/" + big + "?" + ("a=" + big + "&").repeat(3))
            .userAgent(big)
            .referrer(big)
            .build();

    assertThat(WebAttackAnalyzer.analyze(e))
        .hasSizeLessThanOrEqualTo(4 + WebAttackAnalyzer.MAX_PARAMETERS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"((((", "''''", "<<<<", "%25%25"})
  void decodingAMegabyteGivesAtMostFourVariants(String piece) {
    assertThat(WebDecoder.variants(piece.repeat(MEGABYTE / piece.length()), true))
        .hasSizeLessThanOrEqualTo(WebDecoder.MAX_VARIANTS);
  }
}
