package dev.mimamori.sensors.parse.combined;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random and mutated lines: the parser answers every one and never throws. */
class CombinedLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "203.0.113.200 - - [20/Nov/2026:03:12:00 +0900] \"GET /.env HTTP/1.1\" 404 1520 \"-\""
        + " \"Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)\"",
    "203.0.113.13 - - [20/Nov/2026:04:40:00 +0900] \"POST /mypage/login HTTP/1.1\" 302 0"
        + " \"https://furusato-shop.example.jp/mypage/login\" \"python-requests/2.31.0\"",
    "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
    "2001:db8::1 - - [20/Nov/2026:03:12:00 +0900] \"GET /pay?cc=4111%201111%201111%201111"
        + " HTTP/2.0\" 200 - \"a \\\"b\\\"\" \"c\\x22d\"",
    "198.51.100.9 - - [20/Nov/2026:03:12:00 +0900] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\""
  };
  private static final String NASTY = "\"[]\\ -+%/:0123456789\u0000\t\r\n\u00e9\u3042\ud83d";
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final CombinedLogParser parser = new CombinedLogParser();

  @Test
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(1);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(300)];
      rnd.nextBytes(bytes);
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void answersMutatedValidLinesWithParsedOrRejected() {
    Random rnd = new Random(2);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(3);
    for (int it = 0; it < ITERATIONS; it++) {
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      LocalDateTime local =
          LocalDateTime.of(
              1990 + rnd.nextInt(80),
              1 + rnd.nextInt(12),
              1 + rnd.nextInt(28),
              rnd.nextInt(24),
              rnd.nextInt(60),
              rnd.nextInt(60));
      int offsetMinutes = (rnd.nextInt(29) - 14) * 60 + (rnd.nextBoolean() ? 0 : 30);
      ZoneOffset zone = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
      String method = rnd.nextBoolean() ? "GET" : "POST";
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? null : word(rnd) + "=" + word(rnd);
      int status = 100 + rnd.nextInt(900);
      long size = rnd.nextInt(1_000_000);
      String agent = word(rnd) + "/" + rnd.nextInt(10) + " (" + word(rnd) + ")";
      String line =
          String.format(
              "%s - - [%02d/%s/%04d:%02d:%02d:%02d %s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"",
              ip,
              local.getDayOfMonth(),
              MONTHS[local.getMonthValue() - 1],
              local.getYear(),
              local.getHour(),
              local.getMinute(),
              local.getSecond(),
              zone.getId().equals("Z") ? "+0000" : zone.getId().replace(":", ""),
              method,
              query == null ? path : path + "?" + query,
              status,
              size,
              agent);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).as(line).isEqualTo(local.toInstant(zone));
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.method()).isEqualTo(method);
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.responseBytes()).isEqualTo(size);
      assertThat(e.userAgent()).isEqualTo(agent);
      assertThat(e.referrer()).isNull();
    }
  }

  private static void assertAnswered(String line, ParseResult r) {
    assertThat(r).as(line).isInstanceOfAny(ParseResult.Parsed.class, ParseResult.Rejected.class);
    if (r instanceof ParseResult.Rejected rejected) {
      assertThat(rejected.reason()).as(line).isNotBlank();
      assertThat(rejected.lineNumber()).isEqualTo(CTX.lineNumber());
    } else {
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.original()).as(line).isEqualTo(CardMasker.mask(line));
      assertThat(e.timestamp()).isInstanceOf(Instant.class);
      assertThat(e.statusCode()).as(line).isBetween(100, 999);
      assertThat(e.responseBytes()).as(line).isNotNegative();
      assertThat(e.sourceIp()).as(line).isNotBlank();
    }
  }

  private static String mutate(String seed, Random rnd) {
    return FuzzInputs.mutate(seed, rnd, NASTY, r -> "4111 1111 1111 1111");
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
