package dev.mimamori.sensors.parse.apache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code testdata/apache/} (see {@link TestdataHarness}). Each case names its
 * own format in a top-level {@code log_format} key, which the harness ignores.
 */
class ApacheLogFormatParserTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("apache");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("apache");

    assertThat(counts[0]).isGreaterThanOrEqualTo(10);
    assertThat(counts[1]).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws Exception {
    TestdataHarness.check(parserFor(name, file), name, file);
  }

  private static ApacheLogFormatParser parserFor(String name, Path file) throws Exception {
    JsonNode format = JSON.readTree(file.toFile()).get("log_format");
    assertThat(format).as("%s has a log_format", name).isNotNull();
    return new ApacheLogFormatParser(format.asText());
  }
}
