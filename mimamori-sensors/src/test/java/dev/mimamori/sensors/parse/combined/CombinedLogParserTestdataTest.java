package dev.mimamori.sensors.parse.combined;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code testdata/combined/}: one JSON file per case with the raw {@code
 * input} and either the {@code expected} ECS fields (a {@code null} value means the field must be
 * absent) or an {@code error}, a substring of the rejection reason.
 */
class CombinedLogParserTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LineContext CTX =
      new LineContext("acme", "shop-1", "/var/log/nginx/access.log", 0, 1);

  private final CombinedLogParser parser = new CombinedLogParser();

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path dir =
        Path.of(CombinedLogParserTestdataTest.class.getResource("/testdata/combined").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    return files.stream().map(p -> Arguments.of(p.getFileName().toString(), p));
  }

  @Test
  void testdataDirectoryHoldsParsedAndRejectedCases() throws Exception {
    long parsed = 0;
    long rejected = 0;
    for (Arguments a : cases().toList()) {
      JsonNode c = JSON.readTree(((Path) a.get()[1]).toFile());
      if (c.has("error")) {
        rejected++;
      } else {
        parsed++;
      }
    }
    assertThat(parsed).isGreaterThanOrEqualTo(15);
    assertThat(rejected).isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesLineAsTheTestdataExpects(String name, Path file) throws IOException {
    JsonNode c = JSON.readTree(file.toFile());
    assertThat(c.has("expected") ^ c.has("error"))
        .as("%s has exactly one of 'expected' and 'error'", name)
        .isTrue();
    String input = c.get("input").asText();

    ParseResult result = parser.parse(input, CTX);

    if (c.has("error")) {
      assertThat(result).isInstanceOf(ParseResult.Rejected.class);
      ParseResult.Rejected r = (ParseResult.Rejected) result;
      assertThat(r.reason()).contains(c.get("error").asText());
      assertThat(r.lineNumber()).isEqualTo(CTX.lineNumber());
      return;
    }
    assertThat(result).as("%s", result).isInstanceOf(ParseResult.Parsed.class);
    Event e = ((ParseResult.Parsed) result).event();
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, JsonNode> f : c.get("expected").properties()) {
      String want = f.getValue().isNull() ? null : f.getValue().asText();
      soft.assertThat(e.field(f.getKey())).as(f.getKey()).isEqualTo(want);
    }
    soft.assertAll();
  }
}
