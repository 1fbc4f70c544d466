package dev.mimamori.sensors.parse.nginxjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import org.junit.jupiter.api.Test;

class NginxJsonParserTest {
  private static final String LINE =
      "{\"time_iso8601\":\"2026-11-20T03:12:00+09:00\",\"remote_addr\":\"203.0.113.7\","
          + "\"request\":\"GET /products/list HTTP/1.1\",\"status\":\"200\"}";
  private static final LineContext CTX =
      new LineContext("acme", "shop-1", "/var/log/nginx/access.json", 8192, 42);

  private final NginxJsonParser parser = new NginxJsonParser();

  private Event parsed(String line) {
    ParseResult r = parser.parse(line, CTX);
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).event();
  }

  private String rejected(String line) {
    ParseResult r = parser.parse(line, CTX);
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) r).reason();
  }

  @Test
  void formatIsNginxJsonAndDatasetNginxAccess() {
    assertThat(parser.format()).isEqualTo("nginx-json");
    assertThat(parsed(LINE).dataset()).isEqualTo("nginx.access");
  }

  @Test
  void copiesTheLineContextIntoTheEvent() {
    Event e = parsed(LINE);

    assertThat(e.tenant()).isEqualTo("acme");
    assertThat(e.asset()).isEqualTo("shop-1");
    assertThat(e.logFilePath()).isEqualTo("/var/log/nginx/access.json");
    assertThat(e.logOffset()).isEqualTo(8192);
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.original()).isEqualTo(LINE);
  }

  @Test
  void acceptsNestingOfExactlyEightLevels() {
    String nested = "{\"a\":".repeat(7) + "1" + "}".repeat(7);
    String line = LINE.replace("{\"time_iso8601\"", "{\"deep\":" + nested + ",\"time_iso8601\"");

    assertThat(parsed(line).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesNestingOfNineLevels() {
    String nested = "[".repeat(8) + "]".repeat(8);
    String line = LINE.replace("{\"time_iso8601\"", "{\"deep\":" + nested + ",\"time_iso8601\"");

    assertThat(rejected(line)).contains("over the parser's limits");
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    String line = LINE.replace("/products/list", "/p?q=" + "a".repeat(64 * 1024));

    assertThat(rejected(line)).contains("longer than 65536");
  }

  @Test
  void acceptsALineOfExactlySixtyFourKibibytes() {
    String head = LINE.substring(0, LINE.indexOf("/products/list")) + "/p?q=";
    String tail = LINE.substring(LINE.indexOf(" HTTP/1.1"));
    String filler = "a".repeat(64 * 1024 - head.length() - tail.length());
    String line = head + filler + tail;
    assertThat(line).hasSize(64 * 1024);

    assertThat(parsed(line).urlQuery()).isEqualTo("q=" + filler);
  }

  @Test
  void readsRequestTimeAsNanoseconds() {
    assertThat(NginxJsonParser.secondsToNanos("0.012")).isEqualTo(12_000_000L);
    assertThat(NginxJsonParser.secondsToNanos("3")).isEqualTo(3_000_000_000L);
    assertThat(NginxJsonParser.secondsToNanos("1.")).isNull();
    assertThat(NginxJsonParser.secondsToNanos("-1")).isNull();
  }

  @Test
  void keepsAnUnreadableRequestTimeAsAWarning() {
    Event e = parsed(LINE.replace("}", ",\"request_time\":\"soon\"}"));

    assertThat(e.field("event.duration")).isNull();
    assertThat(e.field("mimamori.parse.warning")).contains("request_time");
  }

  @Test
  void takesTheFirstForwardedAddressOnlyWhenItIsAnAddress() {
    assertThat(NginxJsonParser.firstForwarded(" 2001:db8::7 , 10.0.0.1")).isEqualTo("2001:db8::7");
    assertThat(NginxJsonParser.firstForwarded("unknown, 10.0.0.1")).isNull();
  }
}
