package dev.mimamori.sensors.parse.php;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PhpErrorLogParserTest {
  private static final String LINE =
      "[26-Nov-2026 10:00:00 Asia/Tokyo] PHP Warning:  Undefined variable $x in"
          + " /var/www/html/index.php on line 3";
  private static final String FPM = "[26-Nov-2026 10:00:00] NOTICE: [pool www] child 124 started";

  private final PhpErrorLogParser parser = new PhpErrorLogParser();

  private static LineContext ctx(long lineNumber) {
    return new LineContext("acme", "shop-1", "/var/log/php/error.log", 512, lineNumber);
  }

  private Event parsed(PhpErrorLogParser p, String line) {
    ParseResult r = p.parse(line, ctx(42));
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).event();
  }

  @Test
  void formatIsPhpError() {
    assertThat(parser.format()).isEqualTo("php-error");
  }

  @Test
  void copiesTheLineContextIntoTheEvent() {
    Event e = parsed(parser, LINE);

    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.asset()).isEqualTo("shop-1");
    assertThat(e.logFilePath()).isEqualTo("/var/log/php/error.log");
    assertThat(e.logOffset()).isEqualTo(512);
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.dataset()).isEqualTo("php.error");
    assertThat(e.original()).isEqualTo(LINE);
  }

  @Test
  void readsFpmTimesInTheConfiguredZone() {
    Event e = parsed(new PhpErrorLogParser(ZoneId.of("Europe/Berlin")), FPM);

    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
    assertThat(e.originalOffset()).isEqualTo("Europe/Berlin");
    assertThat(e.field("process.pid")).isEqualTo("124");
    assertThat(e.field("message")).isEqualTo("[pool www] child 124 started");
  }

  @Test
  void errorLogZoneWinsOverTheConfiguredZone() {
    Event e = parsed(new PhpErrorLogParser(ZoneId.of("Europe/Berlin")), LINE);

    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
    assertThat(e.originalOffset()).isEqualTo("Asia/Tokyo");
  }

  @Test
  void rejectionCarriesTheLineNumber() {
    assertThat(parser.parse("garbage", ctx(7)))
        .isEqualTo(new ParseResult.Rejected("expected '[dd-Mon-yyyy HH:MM:SS' at the start", 7));
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    ParseResult r = parser.parse(LINE + "x".repeat(64 * 1024), ctx(3));

    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).contains("longer than 65536");
  }

  @Test
  void acceptsALineOfExactlySixtyFourKibibytes() {
    String head = "[26-Nov-2026 10:00:00 UTC] PHP Notice:  ";
    String tail = " in /a.php on line 1";
    String filler = "a".repeat(64 * 1024 - head.length() - tail.length());

    Event e = parsed(parser, head + filler + tail);

    assertThat(e.field("error.message")).isEqualTo(filler);
  }
}
