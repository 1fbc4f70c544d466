package dev.mimamori.sensors.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import org.junit.jupiter.api.Test;

class ParsersTest {

  @Test
  void findsTheCombinedParser() {
    assertThat(Parsers.forFormat("combined")).isInstanceOf(CombinedLogParser.class);
  }

  @Test
  void readsCommonWithTheCombinedParser() {
    assertThat(Parsers.forFormat("common")).isSameAs(Parsers.forFormat("combined"));
  }

  @Test
  void readsAutoByDetectingTheFormat() {
    assertThat(Parsers.forFormat("auto")).isInstanceOf(AutoParser.class);
  }

  @Test
  void refusesUnknownFormatListingTheKnownOnes() {
    assertThatThrownBy(() -> Parsers.forFormat("json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'json'")
        .hasMessageContaining("combined");
  }

  @Test
  void listsRegisteredFormats() {
    assertThat(Parsers.formats()).contains("combined");
  }
}
