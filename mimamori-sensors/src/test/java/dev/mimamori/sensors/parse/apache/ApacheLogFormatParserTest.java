package dev.mimamori.sensors.parse.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApacheLogFormatParserTest {
  private static final String COMMON = "%h %l %u %t \"%r\" %>s %b";
  private static final String LINE =
      "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
  private static final LineContext CTX =
      new LineContext("acme", "shop-1", "/var/log/apache2/access.log", 8192, 42);

  @Test
  void formatIsApacheAndDatasetApacheAccess() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser(COMMON);

    assertThat(parser.format()).isEqualTo("apache");
    assertThat(parser.logFormat()).isEqualTo(COMMON);
    Event e = ((ParseResult.Parsed) parser.parse(LINE, CTX)).event();
    assertThat(e.dataset()).isEqualTo("apache.access");
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.logOffset()).isEqualTo(8192);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "%h %Z %t|unknown directive",
        "%h %{Referer %t|unclosed '{'",
        "%h %l %u \"%r\" %>s %b|no time",
        "%h%l %t|%h and %l must be separated",
        "%t %h %{x}a|only %a and %{c}a",
        "%{%Y-%m-%d %Z}t %h|%Z is not supported",
        "%{%H:%M:%S}t %h|time is incomplete",
        "%t %i|needs a name",
        "%t %{foo}p|port forms",
        "%t %h %|ends inside the directive",
        "'   '|empty LogFormat"
      })
  void refusesABadFormatAtConstructionSayingWhy(String format, String message) {
    assertThatThrownBy(() -> new ApacheLogFormatParser(format))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void readsAFormatWithTabsAndPercentLiterals() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser("%t\\t%h\\t100%%\\t%>s");

    ParseResult r = parser.parse("[10/Oct/2000:13:55:36 -0700]\t192.0.2.1\t100%\t200", CTX);

    assertThat(r).isInstanceOf(ParseResult.Parsed.class);
    assertThat(((ParseResult.Parsed) r).event().sourceIp()).isEqualTo("192.0.2.1");
  }

  @Test
  void readsNumbersSideBySideThatPassForACardUnspoiled() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser(COMMON + " %I %O");
    String line = LINE.replace("200 2326", "404 196 512 1809");
    assertThat(CardMasker.mask(line))
        .as("the whole line holds a Luhn-valid run")
        .isNotEqualTo(line);

    Event e = ((ParseResult.Parsed) parser.parse(line, CTX)).event();

    assertThat(e.original()).isEqualTo(CardMasker.mask(line));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.responseBytes()).isEqualTo(196);
    assertThat(e.field("http.request.bytes")).isEqualTo("512");
    assertThat(e.field("http.response.bytes")).isEqualTo("1809");
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser(COMMON);
    String line = LINE.replace("/apache_pb.gif", "/p?q=" + "a".repeat(64 * 1024));

    ParseResult r = parser.parse(line, CTX);

    assertThat(((ParseResult.Rejected) r).reason()).contains("longer than 65536");
  }

  @Test
  void answersAWorstCaseLineQuickly() {
    // Every character could start the literal after %r ('" '), and none ends it: still one pass.
    ApacheLogFormatParser parser = new ApacheLogFormatParser("%t \"%r\" \"%{Referer}i\" %>s");
    String line = "[10/Oct/2000:13:55:36 -0700] \"" + "\"\\\"".repeat(21_000);

    long start = System.nanoTime();
    ParseResult r = parser.parse(line, CTX);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(millis).isLessThan(500);
  }
}
