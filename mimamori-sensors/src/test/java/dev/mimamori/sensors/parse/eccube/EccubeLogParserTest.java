package dev.mimamori.sensors.parse.eccube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EccubeLogParserTest {
  private static final String LINE =
      "[2021-12-29 03:14:07] admin.INFO [3f2a9c1e] [8c1d2e4] [1] [Eccube\\Log\\Logger:log:64] -"
          + " PROCESS START [\"admin_order_mail\"] [POST, /admin/order/1234/mail, 203.0.113.77,"
          + " NULL, curl/8.5.0]";

  private final EccubeLogParser parser = new EccubeLogParser();

  private static LineContext ctx(long lineNumber) {
    return new LineContext(
        "acme", "shop-1", "/var/www/html/var/log/prod/admin-2021-12-29.log", 4096, lineNumber);
  }

  private Event parsed(EccubeLogParser p, String line) {
    ParseResult r = p.parse(line, ctx(42));
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).event();
  }

  @Test
  void formatIsEccube() {
    assertThat(parser.format()).isEqualTo("eccube");
  }

  @Test
  void copiesTheLineContextIntoTheEvent() {
    Event e = parsed(parser, LINE);

    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.asset()).isEqualTo("shop-1");
    assertThat(e.logFilePath()).isEqualTo("/var/www/html/var/log/prod/admin-2021-12-29.log");
    assertThat(e.logOffset()).isEqualTo(4096);
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.dataset()).isEqualTo("eccube.app");
    assertThat(e.original()).isEqualTo(LINE);
  }

  @Test
  void readsZonelessTimesInTheConfiguredZone() {
    Event e = parsed(new EccubeLogParser(ZoneId.of("UTC")), LINE);

    assertThat(e.timestamp()).isEqualTo(Instant.parse("2021-12-29T03:14:07Z"));
    assertThat(e.originalOffset()).isEqualTo("UTC");
  }

  @Test
  void readsZonelessTimesInTokyoByDefault() {
    Event e = parsed(parser, LINE);

    assertThat(e.timestamp()).isEqualTo(Instant.parse("2021-12-28T18:14:07Z"));
    assertThat(e.originalOffset()).isEqualTo("Asia/Tokyo");
  }

  @Test
  void rejectionCarriesTheLineNumber() {
    assertThat(parser.parse("garbage", ctx(7)))
        .isEqualTo(new ParseResult.Rejected("expected '[datetime]' at the start", 7));
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    String line = LINE.replace("/mail,", "/mail?q=" + "a".repeat(64 * 1024) + ",");

    ParseResult r = parser.parse(line, ctx(3));

    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).contains("longer than 65536");
  }

  @Test
  void acceptsALineOfExactlySixtyFourKibibytes() {
    String head = LINE.substring(0, LINE.indexOf("/mail,") + 5) + "?q=";
    String tail = LINE.substring(LINE.indexOf("/mail,") + 5);
    String filler = "a".repeat(64 * 1024 - head.length() - tail.length());
    String line = head + filler + tail;
    assertThat(line).hasSize(64 * 1024);

    assertThat(parsed(parser, line).urlQuery()).isEqualTo("q=" + filler);
  }

  @Test
  void parseTimeReadsACompactOffset() {
    assertThat(EccubeLogParser.parseTime("2023-10-02T10:15:30+0900", ZoneId.of("UTC")))
        .isEqualTo(Instant.parse("2023-10-02T01:15:30Z"));
  }
}
