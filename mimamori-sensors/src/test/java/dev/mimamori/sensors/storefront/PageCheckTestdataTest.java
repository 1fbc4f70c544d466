package dev.mimamori.sensors.storefront;

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
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven page check cases, {@code testdata-page-check/*.json}: a line ({@code input}) and
 * either the {@code expected} ECS fields ({@code null}: absent) or an {@code error}, a substring of
 * the refusal.
 */
class PageCheckTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LineContext CTX = new LineContext("acme", "site-1", "page-check", 0, 1);

  static Stream<Arguments> cases() throws Exception {
    URL url = PageCheckTestdataTest.class.getResource("/testdata-page-check");
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
    ParseResult r = new PageCheckLogParser().parse(c.get("input").asText(), CTX);
    if (c.has("error")) {
      assertThat(r).isInstanceOf(ParseResult.Rejected.class);
      assertThat(((ParseResult.Rejected) r).reason()).contains(c.get("error").asText());
      return;
    }
    assertThat(r).as(name).isInstanceOf(ParseResult.Parsed.class);
    Event e = ((ParseResult.Parsed) r).event();
    for (Map.Entry<String, JsonNode> f : c.get("expected").properties()) {
      String want = f.getValue().isNull() ? null : f.getValue().asText();
      assertThat(e.field(f.getKey())).as(name + " " + f.getKey()).isEqualTo(want);
    }
  }

  @Test
  void lineWrittenByTheMonitorIsReadBack() {
    String line =
        PageCheckLine.write(
            new PageCheckLine.Finding(
                "m1",
                "checkout",
                "https://shop.example.jp/shopping",
                "new_script",
                "high",
                "https://evil.example/s.js",
                "evil.example",
                "new external script"),
            Instant.parse("2026-11-26T01:00:00Z"));
    Event e = ((ParseResult.Parsed) Parsers.forFormat("page-check").parse(line, CTX)).event();
    assertThat(e.field("storefront.kind")).isEqualTo("new_script");
  }

  @Test
  void garbageIsRejectedNeverThrown() {
    Random r = new Random(11);
    String seed =
        PageCheckLine.write(
            new PageCheckLine.Finding("m", "n", "https://x/", "new_host", "low", "", "h", "m"),
            Instant.EPOCH);
    PageCheckLogParser p = new PageCheckLogParser();
    for (int i = 0; i < 5000; i++) {
      char[] a = seed.toCharArray();
      for (int k = 0; k < 1 + r.nextInt(6); k++) {
        a[r.nextInt(a.length)] = (char) r.nextInt(0x3000);
      }
      String line = new String(a, 0, r.nextInt(a.length + 1));
      assertThat(p.parse(line, CTX))
          .isInstanceOfAny(ParseResult.Parsed.class, ParseResult.Rejected.class);
    }
  }

  @Test
  void findingAboutAHugeUrlIsStillOneLineTheParserTakes() {
    String huge = "https://evil.example/c?d=" + "A".repeat(200_000);
    String line =
        PageCheckLine.write(
            new PageCheckLine.Finding(
                "m1",
                "checkout",
                "https://shop.example.jp/shopping",
                "sensitive_data_sent",
                "critical",
                huge,
                "evil.example",
                "sent to " + huge),
            Instant.EPOCH);
    assertThat(new PageCheckLogParser().parse(line, CTX)).isInstanceOf(ParseResult.Parsed.class);
  }
}
