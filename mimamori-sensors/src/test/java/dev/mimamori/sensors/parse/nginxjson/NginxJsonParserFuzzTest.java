package dev.mimamori.sensors.parse.nginxjson;

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

/** Seeded random and mutated lines: the parser answers every one and never throws. */
class NginxJsonParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  // The round trip checks field values rather than survival; fewer keep the class well under 2 s.
  private static final int ROUND_TRIPS = 2_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "{\"time_iso8601\":\"2026-11-20T03:12:00+09:00\",\"remote_addr\":\"203.0.113.7\","
        + "\"request\":\"GET /products/list?id=1 HTTP/1.1\",\"status\":\"200\","
        + "\"body_bytes_sent\":\"21455\",\"request_time\":\"0.012\",\"http_referer\":\"-\","
        + "\"http_user_agent\":\"curl/8.5.0\",\"http_x_forwarded_for\":\"198.51.100.1, 10.0.0.1\"}",
    "{\"msec\":\"1795111920.123\",\"time_local\":\"20/Nov/2026:03:12:00 +0900\","
        + "\"request_method\":\"POST\",\"request_uri\":\"/pay?cc=4111111111111111\","
        + "\"status\":302,\"body_bytes_sent\":0,\"request_time\":0.5}",
    "{\"@timestamp\":\"2026-11-19T18:12:00.500Z\",\"upstream\":{\"addr\":\"10.0.0.1:80\","
        + "\"t\":[1,2,{\"x\":null}]},\"status\":\"404\",\"uri\":\"/a\",\"args\":\"b=c\","
        + "\"http_user_agent\":\"a \\\"b\\\" \\\\ \\u0007\"}",
    "{\"time\":\"1795111920.000\",\"status\":\"400\",\"request\":\"\\u0016\\u0003\\u0001\"}"
  };
  private static final String NASTY = "{}[]\":,\\ -+./0123456789eEtfnul\u0000\t\u00e9\u3042\ud83d";

  private final NginxJsonParser parser = new NginxJsonParser();

  @Test
  void answersRandomBytesWithParsedOrRejected() {
    Random rnd = new Random(11);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(300)];
      rnd.nextBytes(bytes);
      if (bytes.length > 0 && rnd.nextBoolean()) {
        bytes[0] = '{'; // get past the first check now and then
      }
      String line = new String(bytes, StandardCharsets.UTF_8);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void answersMutatedValidLinesWithParsedOrRejected() {
    Random rnd = new Random(12);
    for (int it = 0; it < ITERATIONS; it++) {
      String line = mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd);

      assertAnswered(line, parser.parse(line, CTX));
    }
  }

  @Test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(13);
    for (int it = 0; it < ROUND_TRIPS; it++) {
      long epochSecond = 631_152_000L + (long) rnd.nextInt(1_500_000_000);
      int millis = rnd.nextInt(1000);
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? null : word(rnd) + "=" + word(rnd);
      int status = 100 + rnd.nextInt(900);
      long size = rnd.nextInt(1_000_000);
      String agent = word(rnd) + "/" + rnd.nextInt(10) + " (\\\"" + word(rnd) + "\\\")";
      String line =
          String.format(
              "{\"msec\":\"%d.%03d\",\"remote_addr\":\"%s\",\"request\":\"GET %s HTTP/1.1\","
                  + "\"status\":%s,\"body_bytes_sent\":\"%d\",\"http_user_agent\":\"%s\"}",
              epochSecond,
              millis,
              ip,
              query == null ? path : path + "?" + query,
              rnd.nextBoolean() ? "\"" + status + "\"" : Integer.toString(status),
              size,
              agent);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(epochSecond, millis * 1_000_000L));
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.method()).isEqualTo("GET");
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query);
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.responseBytes()).isEqualTo(size);
      assertThat(e.userAgent()).isEqualTo(agent.replace("\\\"", "\""));
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
      assertThat(e.statusCode()).as(line).isBetween(100, 999);
      if (e.responseBytes() != null) {
        assertThat(e.responseBytes()).as(line).isNotNegative();
      }
    }
  }

  private static String mutate(String seed, Random rnd) {
    StringBuilder b = new StringBuilder(seed);
    int mutations = 1 + rnd.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
      switch (rnd.nextInt(7)) {
        case 0 -> b.insert(at, NASTY.charAt(rnd.nextInt(NASTY.length())));
        case 1 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        case 2 -> {
          if (b.length() > 0) {
            b.setCharAt(at, NASTY.charAt(rnd.nextInt(NASTY.length())));
          }
        }
        case 3 -> b.setLength(at);
        case 4 -> {
          int end = Math.min(b.length(), at + rnd.nextInt(20));
          b.insert(at, b.substring(at, end));
        }
        case 5 -> b.insert(at, "{\"a\":".repeat(rnd.nextInt(12)));
        default -> b.insert(at, "4111 1111 1111 1111");
      }
    }
    return b.toString();
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
