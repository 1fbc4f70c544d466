package dev.mimamori.sensors.parse.apache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated lines, and random formats: the parser answers every line and never
 * throws; a format either compiles or is refused with IllegalArgumentException.
 */
class ApacheLogFormatParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  // The round trip checks field values rather than survival; fewer keep the class well under 2 s.
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String COMBINED_D =
      "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D";
  private static final String[][] SEEDS = {
    {
      COMBINED_D,
      "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET /p?q=1 HTTP/1.1\" 200 21455"
          + " \"https://shop.example.jp/\" \"Mozilla/4.08 \\\"q\\\" [en]\" 48213"
    },
    {
      "%v:%p %a %{c}a %l %u %t \"%m %U%q %H\" %>s %O %I %T %X \"%{X-Forwarded-For}i\"",
      "shop.example.jp:443 203.0.113.13 10.0.0.5 - bob [20/Nov/2026:04:40:00 +0900]"
          + " \"POST /mypage/login?a=b HTTP/1.1\" 302 790 48211 3 + \"203.0.113.13, 10.0.0.2\""
    },
    {
      "[%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t] %h \"%r\" %>s %b",
      "[20/Nov/2026:03:12:00.789 +0900] 203.0.113.7 \"\\x16\\x03\\x01\" 400 226"
    },
    {"%{msec}t %a \"%r\" %>s %B", "1795111920123 203.0.113.7 \"GET / HTTP/1.1\" 200 0"},
    {
      "%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x \"%r\" %b",
      "[20/Nov/2026:03:12:00 +0900] 1.2.3.4"
          + " TLSv1.3 TLS_AES_256_GCM_SHA384 \"GET /pay?cc=4111111111111111 HTTP/1.1\" 4312"
    }
  };
  private static final String NASTY = "\"[]\\ -+%/:.?{}0123456789x\u0000\t\u00e9\u3042\ud83d";
  private static final String[] FORMAT_PIECES = {
    "%h",
    "%a",
    "%{c}a",
    "%A",
    "%l",
    "%u",
    "%t",
    "%{sec}t",
    "%{msec}t",
    "%{%Y-%m-%d %T}t",
    "%{%z}t",
    "%r",
    "%m",
    "%U",
    "%q",
    "%H",
    "%s",
    "%>s",
    "%<s",
    "%b",
    "%B",
    "%D",
    "%T",
    "%{ms}T",
    "%{Referer}i",
    "%{User-Agent}i",
    "%{Content-Type}o",
    "%v",
    "%V",
    "%p",
    "%{remote}p",
    "%P",
    "%X",
    "%I",
    "%O",
    "%{UNIQUE_ID}e",
    "%%",
    "%k",
    "%L",
    "%R",
    "%f",
    "%400,501{Referer}i",
    "%!200s",
    " ",
    " ",
    " ",
    "\"",
    "[",
    "]",
    ":",
    "-",
    "\\\"",
    "\\t",
    "%",
    "%{",
    "%Z",
    "%{x}a",
    "%{%Q}t",
    "}",
    "%^ti",
    "%{n}^to",
    "\\"
  };
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  @Test
  void answersRandomBytesWithParsedOrRejected() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser(COMBINED_D);
    Random rnd = new Random(21);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(300)];
      rnd.nextBytes(bytes);
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void answersMutatedValidLinesWithParsedOrRejected() {
    ApacheLogFormatParser[] parsers = new ApacheLogFormatParser[SEEDS.length];
    for (int k = 0; k < SEEDS.length; k++) {
      parsers[k] = new ApacheLogFormatParser(SEEDS[k][0]);
      assertThat(parsers[k].parse(SEEDS[k][1], CTX))
          .as(SEEDS[k][1])
          .isInstanceOf(ParseResult.Parsed.class);
    }
    Random rnd = new Random(22);
    for (int it = 0; it < ITERATIONS; it++) {
      int k = rnd.nextInt(SEEDS.length);
      String line = mutate(SEEDS[k][1], rnd);

      assertAnswered(line, parsers[k].parse(line, CTX));
    }
  }

  @Test
  void compilesOrRefusesRandomFormatsAndAnswersEveryLine() {
    Random rnd = new Random(23);
    int compiled = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      StringBuilder f = new StringBuilder();
      for (int n = 1 + rnd.nextInt(10); n > 0; n--) {
        f.append(FORMAT_PIECES[rnd.nextInt(FORMAT_PIECES.length)]);
      }
      ApacheLogFormatParser parser;
      try {
        parser = new ApacheLogFormatParser(f.toString());
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as(f.toString()).isNotBlank();
        continue;
      }
      compiled++;
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)][1], rnd);
      assertAnswered(line, parser.parse(line, CTX));
    }
    assertThat(compiled).isGreaterThan(100);
  }

  @Test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    ApacheLogFormatParser parser = new ApacheLogFormatParser(COMBINED_D);
    Random rnd = new Random(24);
    for (int it = 0; it < ROUND_TRIPS; it++) {
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
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? null : word(rnd) + "=" + word(rnd);
      int status = 100 + rnd.nextInt(900);
      long size = rnd.nextInt(1_000_000);
      long micros = rnd.nextInt(10_000_000);
      String agent = word(rnd) + " \\\"" + word(rnd) + "\\\" (" + word(rnd) + ")";
      String line =
          String.format(
              "%s - - [%02d/%s/%04d:%02d:%02d:%02d %s] \"GET %s HTTP/1.1\" %d %d \"-\" \"%s\" %d",
              ip,
              local.getDayOfMonth(),
              MONTHS[local.getMonthValue() - 1],
              local.getYear(),
              local.getHour(),
              local.getMinute(),
              local.getSecond(),
              zone.getId().equals("Z") ? "+0000" : zone.getId().replace(":", ""),
              query == null ? path : path + "?" + query,
              status,
              size,
              agent,
              micros);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).as(line).isEqualTo(local.toInstant(zone));
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.responseBytes()).isEqualTo(size);
      assertThat(e.userAgent()).isEqualTo(agent);
      assertThat(e.field("event.duration")).isEqualTo(Long.toString(micros * 1000));
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
      if (e.statusCode() != null) {
        assertThat(e.statusCode()).as(line).isBetween(100, 999);
      }
      if (e.responseBytes() != null) {
        assertThat(e.responseBytes()).as(line).isNotNegative();
      }
    }
  }

  private static String mutate(String seed, Random rnd) {
    return FuzzInputs.mutate(seed, rnd, NASTY, r -> "4111 1111 1111 1111");
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
