package dev.mimamori.sensors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoParserTest {
  static final String COMBINED =
      "192.0.2.10 - - [21/Nov/2026:10:00:00 +0900] \"GET / HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0\"";

  /** A stand-in second format: lines that start with "kv ". */
  static final LogParser KV =
      new LogParser() {
        @Override
        public String format() {
          return "kv";
        }

        @Override
        public ParseResult parse(String line, LineContext ctx) {
          if (!line.startsWith("kv ")) {
            return new ParseResult.Rejected("not kv", ctx.lineNumber());
          }
          return new ParseResult.Parsed(
              Event.builder().timestamp(Instant.EPOCH).dataset("kv").original(line).build());
        }
      };

  final AutoParser auto = new AutoParser(List.of(Parsers.forFormat("combined"), KV));

  @Test
  void readsTheDefaultAccessLogFormat() {
    assertThat(auto.parse(COMBINED, TestdataHarness.CTX)).isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void switchesToTheFormatThatReadsTheLine() {
    auto.parse("kv a=1", TestdataHarness.CTX);

    assertThat(auto.detected()).isEqualTo("kv");
  }

  @Test
  void keepsReadingAMixedSource() {
    auto.parse("kv a=1", TestdataHarness.CTX);

    ParseResult r = auto.parse(COMBINED, TestdataHarness.CTX);

    assertThat(((ParseResult.Parsed) r).event().dataset()).isEqualTo("http.access");
    assertThat(auto.detected()).isEqualTo("combined");
  }

  @Test
  void rejectsALineNoFormatReadsWithEveryReason() {
    ParseResult r = auto.parse("\u0000\u0001 binary", TestdataHarness.CTX);

    assertThat(((ParseResult.Rejected) r).reason())
        .startsWith("no known format reads this line")
        .contains("combined: ")
        .contains("kv: not kv");
  }

  @Test
  void givesEachSourceItsOwnAutoParser() {
    assertThat(Parsers.forFormat("auto")).isNotSameAs(Parsers.forFormat("auto"));
  }
}
