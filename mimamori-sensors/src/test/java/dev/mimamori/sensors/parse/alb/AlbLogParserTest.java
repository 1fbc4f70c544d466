package dev.mimamori.sensors.parse.alb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlbLogParserTest {
  private static final String LINE =
      "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188"
          + " 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366"
          + " \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - -"
          + " arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067"
          + " \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0"
          + " 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\"";
  private static final LineContext CTX =
      new LineContext("acme", "shop-1", "s3://logs/AWSLogs/x.log", 8192, 42);

  private final AlbLogParser parser = new AlbLogParser();

  @Test
  void formatIsAwsAlbAndDatasetAwsElb() {
    assertThat(parser.format()).isEqualTo("aws-alb");
    Event e = ((ParseResult.Parsed) parser.parse(LINE, CTX)).event();
    assertThat(e.dataset()).isEqualTo("aws.elb");
    assertThat(e.logFilePath()).isEqualTo("s3://logs/AWSLogs/x.log");
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.original()).isEqualTo(LINE);
  }

  @Test
  void readsNumbersSideBySideThatPassForACardUnspoiled() {
    String line = LINE.replace("200 200 34 366", "404 404 512 1807");
    assertThat(CardMasker.mask(line))
        .as("the whole line holds a Luhn-valid run")
        .isNotEqualTo(line);

    Event e = ((ParseResult.Parsed) parser.parse(line, CTX)).event();

    assertThat(e.original()).isEqualTo(CardMasker.mask(line));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.field("aws.elb.target_status_code")).isEqualTo("404");
    assertThat(e.field("http.request.bytes")).isEqualTo("512");
    assertThat(e.responseBytes()).isEqualTo(1807);
  }

  @Test
  void rejectsALineOverSixtyFourKibibytes() {
    String line = LINE.replace("curl/7.46.0", "a".repeat(64 * 1024));

    ParseResult r = parser.parse(line, CTX);

    assertThat(((ParseResult.Rejected) r).reason()).contains("longer than 65536");
  }

  @Test
  void readsTheIsoTimesAlbWrites() {
    assertThat(AlbLogParser.instant("2018-07-02T22:23:00.186641Z"))
        .isEqualTo(Instant.parse("2018-07-02T22:23:00.186641Z"));
    assertThat(AlbLogParser.instant("2018-07-02T22:23:00Z"))
        .isEqualTo(Instant.parse("2018-07-02T22:23:00Z"));
    assertThat(AlbLogParser.instant("2018-07-02T22:23:00.186641")).isNull();
    assertThat(AlbLogParser.instant("2018-07-02T22:23:00.Z")).isNull();
    assertThat(AlbLogParser.instant("2026-02-30T00:00:00.000000Z")).isNull();
    assertThat(AlbLogParser.instant("2018-07-02 22:23:00.186641Z")).isNull();
  }

  @Test
  void readsBracketedAndBareIpv6AddressesWithTheirPorts() {
    assertThat(AlbLogParser.hostPort("[2001:db8::1]:443")).containsExactly("2001:db8::1", "443");
    assertThat(AlbLogParser.hostPort("2001:db8::1:443")).containsExactly("2001:db8::1", "443");
    assertThat(AlbLogParser.hostPort("10.0.0.1")).isNull();
    assertThat(AlbLogParser.hostPort("10.0.0.1:99999")).isNull();
  }
}
