package dev.mimamori.sensors.parse.awswaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case under {@code testdata/awswaf/} (see {@link TestdataHarness}). */
class AwsWafLogParserTestdataTest {
  private final AwsWafLogParser parser = new AwsWafLogParser();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("awswaf");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("awswaf");

    assertThat(counts[0]).isGreaterThanOrEqualTo(12);
    assertThat(counts[1]).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws Exception {
    TestdataHarness.check(parser, name, file);
  }

  @Test
  void namesItsFormat() {
    assertThat(parser.format()).isEqualTo("aws-waf");
  }

  @Test
  void refusesALineOverTheLimit() {
    String line =
        "{\"timestamp\":1576280412771,\"action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"192.0.2.1\","
            + "\"uri\":\"/"
            + "a".repeat(AwsWafLogParser.MAX_LINE)
            + "\"}}";

    ParseResult r = parser.parse(line, TestdataHarness.CTX);

    assertThat(((ParseResult.Rejected) r).reason()).contains("line longer than 262144");
  }

  @Test
  void readsALineJustUnderTheLimit() {
    String head =
        "{\"timestamp\":1576280412771,\"action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"192.0.2.1\","
            + "\"uri\":\"/";
    String line = head + "a".repeat(AwsWafLogParser.MAX_LINE - head.length() - 3) + "\"}}";

    ParseResult r = parser.parse(line, TestdataHarness.CTX);

    assertThat(line).hasSize(AwsWafLogParser.MAX_LINE);
    assertThat(r).isInstanceOf(ParseResult.Parsed.class);
  }
}
