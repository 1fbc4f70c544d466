package dev.mimamori.sensors.parse.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.TestdataHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code testdata/vpcflow/} (see {@link TestdataHarness}). A case for a
 * custom format names it in {@code "format"}; the others are read with the default format.
 */
class VpcFlowLogParserTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws Exception {
    return TestdataHarness.cases("vpcflow");
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long[] counts = TestdataHarness.counts("vpcflow");

    assertThat(counts[0]).isGreaterThanOrEqualTo(12);
    assertThat(counts[1]).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws Exception {
    JsonNode format = JSON.readTree(file.toFile()).get("format");
    VpcFlowLogParser parser =
        format == null ? new VpcFlowLogParser() : new VpcFlowLogParser(format.asText());

    TestdataHarness.check(parser, name, file);
  }

  @Test
  void readsTheDefaultFormatWithoutArguments() {
    assertThat(new VpcFlowLogParser().fields())
        .containsExactly(
            "version",
            "account-id",
            "interface-id",
            "srcaddr",
            "dstaddr",
            "srcport",
            "dstport",
            "protocol",
            "packets",
            "bytes",
            "start",
            "end",
            "action",
            "log-status");
    assertThat(new VpcFlowLogParser().format()).isEqualTo("aws-vpcflow");
  }

  @Test
  void refusesAFormatWithoutATime() {
    // The AWS docs' NAT gateway example format: its records cannot make events.
    assertThatThrownBy(
            () ->
                new VpcFlowLogParser(
                    "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr}"
                        + " ${pkt-dstaddr}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither ${start} nor ${end}");
  }

  @Test
  void refusesARepeatedOrMalformedField() {
    assertThatThrownBy(() -> new VpcFlowLogParser("${start} ${srcaddr} ${srcaddr}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("${srcaddr} twice");
    assertThatThrownBy(() -> new VpcFlowLogParser("${start} ${src addr}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad VPC flow log field");
    assertThatThrownBy(() -> new VpcFlowLogParser("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no fields");
  }

  @Test
  void readsFieldNamesWrittenWithUnderscores() {
    VpcFlowLogParser parser = new VpcFlowLogParser("start srcaddr log_status");

    assertThat(parser.fields()).containsExactly("start", "srcaddr", "log-status");
  }

  @Test
  void refusesALineOverTheLimit() {
    String line = "2 " + "1".repeat(VpcFlowLogParser.MAX_LINE);

    ParseResult r = new VpcFlowLogParser().parse(line, TestdataHarness.CTX);

    assertThat(((ParseResult.Rejected) r).reason()).contains("line longer than");
  }
}
