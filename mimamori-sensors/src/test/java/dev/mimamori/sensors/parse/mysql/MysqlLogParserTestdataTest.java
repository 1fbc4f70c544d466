package dev.mimamori.sensors.parse.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case under {@code testdata/mysql/} (see {@link TestdataHarness}). */
class MysqlLogParserTestdataTest {
  private final MysqlLogParser parser = new MysqlLogParser();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("mysql");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("mysql");

    assertThat(counts[0]).isGreaterThanOrEqualTo(12);
    assertThat(counts[1]).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws Exception {
    TestdataHarness.check(parser, name, file);
  }
}
