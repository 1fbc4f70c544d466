package dev.mimamori.sensors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.Event;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The data-driven parser cases, CrowdSec style: {@code testdata/<format>/*.json}, one case per file
 * with the raw {@code input} and either the {@code expected} ECS fields (as {@link Event#field}
 * returns them; {@code null} means absent) or an {@code error}, a substring of the rejection
 * reason. Every format's test class uses this, so every format is tested the same way.
 */
public final class TestdataHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final LineContext CTX =
      new LineContext("acme", "shop-1", "/var/log/test.log", 0, 1);

  private TestdataHarness() {}

  /** The cases of a format, as (file name, path) arguments for a parameterized test. */
  public static Stream<Arguments> cases(String format) throws IOException, URISyntaxException {
    URL url = TestdataHarness.class.getResource("/testdata/" + format);
    if (url == null) {
      throw new IllegalStateException("no testdata/" + format + " directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    return files.stream().map(p -> Arguments.of(p.getFileName().toString(), p));
  }

  /** How many cases parse and how many are rejected: [parsed, rejected]. */
  public static long[] counts(String format) throws Exception {
    long parsed = 0;
    long rejected = 0;
    for (Arguments a : cases(format).toList()) {
      if (JSON.readTree(((Path) a.get()[1]).toFile()).has("error")) {
        rejected++;
      } else {
        parsed++;
      }
    }
    return new long[] {parsed, rejected};
  }

  /** Runs one case file against a parser. */
  public static void check(LogParser parser, String name, Path file) throws IOException {
    JsonNode c = JSON.readTree(file.toFile());
    assertThat(c.has("expected") ^ c.has("error"))
        .as("%s has exactly one of 'expected' and 'error'", name)
        .isTrue();
    String input = c.get("input").asText();

    ParseResult result = parser.parse(input, CTX);

    if (c.has("error")) {
      assertThat(result).as("%s", name).isInstanceOf(ParseResult.Rejected.class);
      ParseResult.Rejected r = (ParseResult.Rejected) result;
      assertThat(r.reason()).contains(c.get("error").asText());
      assertThat(r.lineNumber()).isEqualTo(CTX.lineNumber());
      return;
    }
    assertThat(result).as("%s: %s", name, result).isInstanceOf(ParseResult.Parsed.class);
    Event e = ((ParseResult.Parsed) result).event();
    assertThat(e.original()).as("event.original keeps the (card-masked) line").isNotEmpty();
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, JsonNode> f : c.get("expected").properties()) {
      String want = f.getValue().isNull() ? null : f.getValue().asText();
      soft.assertThat(e.field(f.getKey())).as(f.getKey()).isEqualTo(want);
    }
    soft.assertAll();
  }
}
