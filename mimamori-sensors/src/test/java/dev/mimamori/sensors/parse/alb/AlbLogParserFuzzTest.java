package dev.mimamori.sensors.parse.alb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random and mutated entries: the parser answers every one and never throws. */
class AlbLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  // The round trip checks field values rather than survival; fewer keep the class well under 2 s.
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String TG =
      "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067";
  private static final String[] SEEDS = {
    "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817"
        + " 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/?a=b"
        + " HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
        + TG
        + " \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" \"-\" 1"
        + " 2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\""
        + " \"200\" \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166",
    "http 2026-11-19T18:12:00.000000Z app/shop/0123 198.51.100.9:40001 - -1 -1 -1 400 - 0 272"
        + " \"- http://shop-123.elb.amazonaws.com:80- -\" \"-\" - - - \"-\" \"-\" \"-\" -"
        + " 2026-11-19T18:11:59.990000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_1",
    "http 2016-08-10T22:08:42.945958Z app/lb/50dc 2001:db8::1:2817 [2001:db8::2]:80 0.000"
        + " 0.001 0.000 200 200 34 366 \"GET http://[2001:db8::2]:80/pay?cc=4111111111111111"
        + " HTTP/1.1\" \"a \\\"b\\\" c\" - - "
        + TG
        + " \"Root=1-58337262-36d228ad5d99923122bbe354\""
  };
  private static final String NASTY = "\" :-/.\\TZ0123456789\u0000\t\u00e9\u3042\ud83d";

  private final AlbLogParser parser = new AlbLogParser();

  @Test
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(31);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(400)];
      rnd.nextBytes(bytes);
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void answersMutatedValidLinesWithParsedOrRejected() {
    for (String seed : SEEDS) {
      assertThat(parser.parse(seed, CTX)).as(seed).isInstanceOf(ParseResult.Parsed.class);
    }
    Random rnd = new Random(32);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedWellFormedEntryBackToItsFields() {
    Random rnd = new Random(33);
    for (int it = 0; it < ROUND_TRIPS; it++) {
      Instant time =
          Instant.ofEpochSecond(
              1_500_000_000L + rnd.nextInt(300_000_000), 1000L * rnd.nextInt(1_000_000));
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      int port = rnd.nextInt(65536);
      String domain = word(rnd) + ".example.jp";
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? null : word(rnd) + "=" + word(rnd);
      int status = 100 + rnd.nextInt(900);
      long sent = rnd.nextInt(1_000_000);
      String agent = word(rnd) + "/" + rnd.nextInt(10) + " (" + word(rnd) + ")";
      String line =
          String.format(
              "https %s app/shop/0123 %s:%d 10.0.0.1:80 0.001 0.002 0.000 %d 200 100 %d"
                  + " \"GET https://%s:443%s HTTP/1.1\" \"%s\" TLS_AES_128_GCM_SHA256 TLSv1.3 %s"
                  + " \"Root=1-1-1\" \"%s\" \"-\" 1 %s \"forward\" \"-\" \"-\"",
              time,
              ip,
              port,
              status,
              sent,
              domain,
              query == null ? path : path + "?" + query,
              agent,
              TG,
              domain,
              time);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).as(line).isEqualTo(time);
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.field("source.port")).isEqualTo(Integer.toString(port));
      assertThat(e.field("url.domain")).isEqualTo(domain);
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.responseBytes()).isEqualTo(sent);
      assertThat(e.userAgent()).isEqualTo(agent);
      assertThat(e.field("event.duration")).isEqualTo("0");
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
      assertThat(e.sourceIp()).as(line).isNotBlank();
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
