package dev.mimamori.sensors.parse.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case under {@code testdata/cloudtrail/} (see {@link TestdataHarness}). */
class CloudTrailParserTestdataTest {
  private final CloudTrailParser parser = new CloudTrailParser();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("cloudtrail");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("cloudtrail");

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
    assertThat(parser.format()).isEqualTo("aws-cloudtrail");
  }

  @Test
  void refusesALineOverTheLimit() {
    String line =
        "{\"eventTime\":\"2016-07-14T19:15:45Z\",\"eventSource\":\"s3.amazonaws.com\","
            + "\"eventName\":\"PutObject\",\"requestParameters\":{\"key\":\""
            + "a".repeat(CloudTrailParser.MAX_LINE)
            + "\"}}";

    ParseResult r = parser.parse(line, TestdataHarness.CTX);

    assertThat(((ParseResult.Rejected) r).reason()).contains("line longer than 262144");
  }

  @Test
  void takesTheUserFromTheEndOfTheArn() {
    assertThat(CloudTrailParser.lastPart("arn:aws:iam::123456789012:user/division/Alice"))
        .isEqualTo("Alice");
    assertThat(CloudTrailParser.lastPart("arn:aws:iam::123456789012:root")).isEqualTo("root");
    assertThat(CloudTrailParser.lastPart("arn:aws:iam::123456789012:user/")).isNull();
    assertThat(CloudTrailParser.lastPart(null)).isNull();
  }
}
