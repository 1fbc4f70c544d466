package dev.mimamori.sensors.parse.eccube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random and mutated lines: the parser answers every one, never throws, and stays fast. */
class EccubeLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/79.0.3945.117 Safari/537.36";
  private static final String[] SEEDS = {
    "[2020-01-14 13:29:39] front.INFO [N/A] [f4512ee] [N/A] [Eccube\\Log\\Logger:log:66] - INIT []"
        + " [GET, /sadsadf/dsgsdf, 192.168.56.1, NULL, "
        + UA
        + "]",
    "[2021-12-29 03:14:07] admin.INFO [3f2a9c1e] [8c1d2e4] [1] [Eccube\\Log\\Logger:log:64] -"
        + " PROCESS START [\"admin_order_mail\"] [POST, /admin/order/1234/mail?x=4111111111111111,"
        + " 203.0.113.77, https://shop.example.jp/admin/order/1234/edit, "
        + UA
        + "]",
    "[2023-10-02T10:15:31.654321+09:00] app.ERROR [1a2b3c4d] [5e6f7a8] [N/A]"
        + " [Eccube\\EventListener\\LogListener:onKernelException:152] - Twig\\Error\\SyntaxError: x"
        + " {\"exception\":\"[object] (Twig\\\\Error\\\\SyntaxError(code: 0): \\\"$\\\" at /a:3)\"}"
        + " [GET, /shopping, 2001:db8::1, NULL, a [b] [GET, c]",
    "[2023-10-02T03:00:00.412345+09:00] app.INFO [N/A] [0a1b2c3] [N/A] [A:b:1] - done [] [, , , , ]",
    "[2020-01-14 13:29:39] front.WARNING [N/A] [f4512ee] [N/A] [Eccube\\Log\\Logger:log:66] - x null"
        + " [GET, /, 192.168.56.1, NULL, NULL]"
  };
  private static final String[] TOKENS = {
    " [GET, ",
    "] [",
    "[]",
    "{}",
    "\"",
    "\\",
    "\\\"",
    "{\"a\":",
    "null",
    ", ",
    "[",
    "]",
    "+09:00",
    "4111 1111 1111 1111",
    " - ",
    "[N/A]",
    ".INFO",
    "\u3042",
    "\ud83d",
    "\r",
    "\n"
  };
  private static final String NASTY = "\"[]{}\\ -+%/:.,0123456789\u0000\t\r\n\u00e9\u3042\ud83d";

  private final EccubeLogParser parser = new EccubeLogParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersRandomInputWithParsedOrRejected() {
    Random rnd = new Random(11);
    for (int it = 0; it < ITERATIONS; it++) {
      String line;
      if (rnd.nextBoolean()) {
        byte[] bytes = new byte[rnd.nextInt(300)];
        rnd.nextBytes(bytes);
        line = new String(bytes, StandardCharsets.UTF_8);
      } else {
        StringBuilder b = new StringBuilder("[");
        int n = rnd.nextInt(40);
        for (int k = 0; k < n; k++) {
          b.append(
              rnd.nextBoolean()
                  ? TOKENS[rnd.nextInt(TOKENS.length)]
                  : String.valueOf(NASTY.charAt(rnd.nextInt(NASTY.length()))));
        }
        b.append(']');
        line = b.toString();
      }
      answered(line);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersMutatedValidLinesWithParsedOrRejected() {
    Random rnd = new Random(12);
    for (int it = 0; it < ITERATIONS; it++) {
      answered(mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(13);
    for (int it = 0; it < ITERATIONS / 4; it++) {
      LocalDateTime local =
          LocalDateTime.of(
              2000 + rnd.nextInt(40),
              1 + rnd.nextInt(12),
              1 + rnd.nextInt(28),
              rnd.nextInt(24),
              rnd.nextInt(60),
              rnd.nextInt(60),
              rnd.nextInt(1_000_000) * 1000);
      ZoneOffset zone = ZoneOffset.ofTotalSeconds(((rnd.nextInt(25) - 12) * 60) * 60);
      String offset = zone.getTotalSeconds() == 0 ? "+00:00" : zone.getId();
      String method = rnd.nextBoolean() ? "GET" : "POST";
      String path = "/" + word(rnd) + "/" + word(rnd);
      String query = rnd.nextBoolean() ? null : word(rnd) + "=" + word(rnd);
      String ip = rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
      String route = word(rnd) + "_" + word(rnd);
      String agent = word(rnd) + "/1.0 (" + word(rnd) + ", [" + word(rnd) + "]) [GET, " + word(rnd);
      String user = rnd.nextBoolean() ? "N/A" : String.valueOf(1 + rnd.nextInt(5000));
      String line =
          String.format(
              "[%04d-%02d-%02dT%02d:%02d:%02d.%06d%s] %s.DEBUG [1a2b3c4d] [5e6f7a8] [%s]"
                  + " [Eccube\\EventListener\\LogListener:onKernelRequest:86] - PROCESS START"
                  + " [\"%s\"] [%s, %s, %s, NULL, %s]",
              local.getYear(),
              local.getMonthValue(),
              local.getDayOfMonth(),
              local.getHour(),
              local.getMinute(),
              local.getSecond(),
              local.getNano() / 1000,
              offset,
              rnd.nextBoolean() ? "app" : "admin",
              user,
              route,
              method,
              query == null ? path : path + "?" + query,
              ip,
              agent);

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).as(line).isEqualTo(local.toInstant(zone));
      assertThat(e.originalOffset()).isEqualTo(offset);
      assertThat(e.field("eccube.route")).isEqualTo(route);
      assertThat(e.field("event.action")).isEqualTo("process_start");
      assertThat(e.method()).isEqualTo(method);
      assertThat(e.urlPath()).isEqualTo(path);
      assertThat(e.urlQuery()).isEqualTo(query);
      assertThat(e.sourceIp()).isEqualTo(ip);
      assertThat(e.userAgent()).isEqualTo(agent);
      assertThat(e.field("user.id")).isEqualTo(user.equals("N/A") ? null : user);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void adversarialLinesOfSixtyFourKibibytesParseQuickly() {
    String head = "[2020-01-14 13:29:39] front.INFO [N/A] [f4512ee] [N/A] [A:b:1] - ";
    String[] fillers = {"] [GET, ", "[] [GET, ", "{\"a\":[[[[", "\"\\\"] [GET, ", "[", " [, ", "]"};
    for (String filler : fillers) {
      StringBuilder b = new StringBuilder(head);
      while (b.length() < 64 * 1024 - 40) {
        b.append(filler);
      }
      String body = b.toString();
      answered(body + " [] [GET, /, 1.2.3.4, NULL, x]");
      answered(body);
      answered(
          head + "[" + "[".repeat(30_000) + "]".repeat(30_000) + "] [GET, /, 1.2.3.4, NULL, x]");
    }
  }

  private void answered(String line) {
    ParseResult r;
    try {
      r = parser.parse(line, CTX);
    } catch (RuntimeException e) {
      throw new AssertionError("parse threw on: " + line, e);
    }
    if (r instanceof ParseResult.Rejected rejected) {
      if (rejected.reason().isBlank() || rejected.lineNumber() != CTX.lineNumber()) {
        fail("bad rejection %s for: %s", rejected, line);
      }
    } else if (r instanceof ParseResult.Parsed parsed) {
      Event e = parsed.event();
      if (!e.original().equals(CardMasker.mask(line))
          || !EccubeLogParser.DATASET.equals(e.dataset())
          || e.field("log.level") == null) {
        fail("bad event %s for: %s", e, line);
      }
    } else {
      fail("neither parsed nor rejected: %s", line);
    }
  }

  private static String mutate(String seed, Random rnd) {
    return FuzzInputs.mutate(seed, rnd, NASTY, r -> TOKENS[r.nextInt(TOKENS.length)]);
  }

  private static String word(Random rnd) {
    return FuzzInputs.word(rnd);
  }
}
