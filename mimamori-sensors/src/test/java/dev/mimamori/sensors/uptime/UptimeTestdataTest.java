package dev.mimamori.sensors.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven uptime line cases, {@code testdata-uptime/*.json}: a line ({@code input}) and
 * either the {@code expected} ECS fields ({@code null} means absent) or an {@code error}, a
 * substring of the rejection.
 */
class UptimeTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LineContext CTX = new LineContext("acme", "site-1", "uptime", 0, 1);

  static Stream<Arguments> cases() throws Exception {
    URL url = UptimeTestdataTest.class.getResource("/testdata-uptime");
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      return s
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .map(p -> Arguments.of(p.getFileName().toString(), p))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsTheLineAsTheTestdataExpects(String name, Path file) throws Exception {
    JsonNode c = JSON.readTree(file.toFile());

    ParseResult r = new UptimeLogParser().parse(c.get("input").asText(), CTX);

    if (c.has("error")) {
      assertThat(r).isInstanceOf(ParseResult.Rejected.class);
      assertThat(((ParseResult.Rejected) r).reason()).contains(c.get("error").asText());
      return;
    }
    assertThat(r).as("%s: %s", name, r).isInstanceOf(ParseResult.Parsed.class);
    Event e = ((ParseResult.Parsed) r).event();
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, JsonNode> f : c.get("expected").properties()) {
      String want = f.getValue().isNull() ? null : f.getValue().asText();
      soft.assertThat(e.field(f.getKey())).as("%s %s", name, f.getKey()).isEqualTo(want);
    }
    soft.assertAll();
  }

  @Test
  void formatUptimeNamesThisParser() {
    assertThat(Parsers.forFormat("uptime")).isInstanceOf(UptimeLogParser.class);
  }
}
