package dev.mimamori.sensors.csp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven CSP report cases, {@code testdata-csp/*.json}: a body ({@code input}) with its
 * {@code content_type}, and either the {@code expected} events (ECS fields per report, after the
 * report went through {@link CspLine} and {@link CspLogParser} as the server sends it; {@code null}
 * means absent) or an {@code error}, a substring of the refusal. The site's host is {@code
 * shop.example.jp}.
 */
class CspReportTestdataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LineContext CTX = new LineContext("acme", "site-1", "csp", 0, 1);
  private static final Instant RECEIVED = Instant.parse("2026-11-26T01:02:03Z");

  static Stream<Arguments> cases() throws Exception {
    URL url = CspReportTestdataTest.class.getResource("/testdata-csp");
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
  void readsTheBodyAsTheTestdataExpects(String name, Path file) throws Exception {
    JsonNode c = JSON.readTree(file.toFile());
    assertThat(c.has("expected") ^ c.has("error")).as("%s: expected or error", name).isTrue();

    CspReportReader.Result result =
        CspReportReader.read(c.get("input").asText(), c.get("content_type").asText());

    if (c.has("error")) {
      assertThat(result).isInstanceOf(CspReportReader.Result.Refused.class);
      assertThat(((CspReportReader.Result.Refused) result).reason())
          .contains(c.get("error").asText());
      return;
    }
    assertThat(result)
        .as("%s: %s", name, result)
        .isInstanceOf(CspReportReader.Result.Reports.class);
    List<CspReport> reports = ((CspReportReader.Result.Reports) result).reports();
    assertThat(reports).hasSize(c.get("expected").size());
    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < reports.size(); i++) {
      Event e = event(reports.get(i));
      for (Map.Entry<String, JsonNode> f : c.get("expected").get(i).properties()) {
        String want = f.getValue().isNull() ? null : f.getValue().asText();
        soft.assertThat(e.field(f.getKey())).as("%s[%d] %s", name, i, f.getKey()).isEqualTo(want);
      }
    }
    soft.assertAll();
  }

  @Test
  void testdataHoldsReadAndRefusedCases() throws Exception {
    long refused = cases().filter(a -> readCase((Path) a.get()[1]).has("error")).count();

    assertThat(cases().count() - refused).isGreaterThanOrEqualTo(6);
    assertThat(refused).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aBlockedHostUnderTheSitesOwnDomainIsNotForeign() {
    assertThat(
            CspLogParser.foreign(
                "cdn.shop.example.jp", "www.shop.example.jp", List.of("shop.example.jp")))
        .isFalse();
  }

  @Test
  void theParserRefusesALineThatIsNoReport() {
    ParseResult r = new CspLogParser().parse("{\"type\":\"other\"}", CTX);

    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
  }

  private static JsonNode readCase(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Event event(CspReport r) {
    String line =
        CspLine.write(r, RECEIVED, "198.51.100.7", "Mozilla/5.0", List.of("shop.example.jp"));
    ParseResult p = new CspLogParser().parse(line, CTX);
    assertThat(p).as(line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) p).event();
  }
}
