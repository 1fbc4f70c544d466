package dev.mimamori.sensors.parse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case under {@code testdata/postgres/} (see {@link TestdataHarness}). */
class PostgresLogParserTestdataTest {
  private final PostgresLogParser parser = new PostgresLogParser();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("postgres");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("postgres");

    assertThat(counts[0]).isGreaterThanOrEqualTo(12);
    assertThat(counts[1]).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws Exception {
    TestdataHarness.check(parser, name, file);
  }

  @Test
  void readsAnAmbiguousAbbreviationByTheConfiguredLogTimezone() {
    String line = "2023-06-16 09:41:26.634 CST [9372] LOG:  statement: SELECT 1";
    PostgresLogParser shanghai = new PostgresLogParser(ZoneId.of("Asia/Shanghai"));

    ParseResult r = shanghai.parse(line, TestdataHarness.CTX);

    assertThat(r).isInstanceOf(ParseResult.Parsed.class);
    ParseResult.Parsed p = (ParseResult.Parsed) r;
    assertThat(p.event().field("@timestamp")).isEqualTo("2023-06-16T01:41:26.634Z");
    assertThat(p.event().field("event.timezone")).isEqualTo("CST");
  }
}
