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

  @Test
  void buildsAnApacheParserFromItsLogFormat() {
    LogParser p = Parsers.forFormat("apache:%h %l %u %t \"%r\" %>s %b %D");

    ParseResult r =
        p.parse(
            "192.0.2.1 - - [21/Nov/2026:10:00:00 +0900] \"GET /x HTTP/1.1\" 200 5 1234",
            TestdataHarness.CTX);

    assertThat(((ParseResult.Parsed) r).event().field("event.duration")).isEqualTo("1234000");
  }

  @Test
  void refusesAnApacheLogFormatItCannotRead() {
    assertThatThrownBy(() -> Parsers.forFormat("apache:%{unclosed"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void detectsNginxJsonAndAlbLines() {
    LogParser auto = Parsers.forFormat("auto");
    String json =
        "{\"time_iso8601\":\"2026-11-21T10:00:00+09:00\",\"remote_addr\":\"192.0.2.1\","
            + "\"request\":\"GET / HTTP/1.1\",\"status\":\"200\",\"body_bytes_sent\":\"5\"}";

    ParseResult r = auto.parse(json, TestdataHarness.CTX);

    assertThat(((ParseResult.Parsed) r).event().dataset()).isEqualTo("nginx.access");
  }
}
