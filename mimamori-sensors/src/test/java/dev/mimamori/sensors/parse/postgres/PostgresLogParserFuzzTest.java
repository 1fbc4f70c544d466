package dev.mimamori.sensors.parse.postgres;

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

/** Seeded random and mutated lines: the parser answers every one and never throws. */
class PostgresLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "2026-11-26 10:02:03.123 JST [4242] LOG:  statement: SELECT * FROM dtb_customer",
    "2026-11-26 10:02:03 JST [4242]: [3-1] user=ec_user,db=eccube,app=psql,client=203.0.113.9"
        + " LOG:  duration: 2500.123 ms  statement: SELECT * FROM \"public\".\"dtb_order\"",
    "2023-02-14 09:06:04.819 EST [22510] bbuser@bluebird LOG:  execute <unnamed>: SELECT * FROM"
        + " users WHERE username = $1",
    "2023-02-14 09:06:04.819 EST [22510] bbuser@bluebird DETAIL:  parameters: $1 = 'bmdyy'",
    "2025-06-26 01:03:32 UTC:10.0.17.40(53154):dbmaster@studio:[8927]:LOG:  execute <unnamed>:"
        + " select * from datasets",
    "2019-03-10 03:54:59 UTC::@:[20431]:LOG:  checkpoint starting: time",
    "2026-11-26 10:02:03.123 +09 [4242] ERROR:  42P01: relation \"x\" does not exist",
    "2026-11-26 10:02:03.120 JST [4301] [unknown]@[unknown] LOG:  connection received:"
        + " host=203.0.113.9 port=53422",
    "2026-11-26 10:02:03.123 JST [4301] ec_user@eccube FATAL:  password authentication failed"
        + " for user \"ec_user\"",
    "2026-11-26 10:02:03.123 JST [4242] LOG:  statement: INSERT INTO dtb_order (note) VALUES"
        + " (E'4111 1111 1111 1111\\'')"
  };
  private static final String[] TOKENS = {
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "[",
    "]",
    "]:",
    "[4242]",
    "[3-1]",
    "user=",
    ",db=",
    ",app=",
    ",client=",
    "@",
    "[unknown]",
    ":[",
    "LOG:  ",
    "ERROR:  ",
    "STATEMENT:  ",
    "DETAIL:  ",
    "statement: ",
    "duration: ",
    " ms  ",
    "execute ",
    "execute fetch from ",
    "<unnamed>: ",
    "connection received: ",
    "host=",
    "port=",
    "SELECT ",
    " FROM ",
    "COPY ",
    "\"",
    "'",
    "E'",
    "(",
    ")",
    "/*",
    "--",
    "JST",
    "CST",
    "+09",
    "4111111111111111",
    "\u30a8\u30e9\u30fc:",
    "\ud83d"
  };
  private static final String NASTY =
      "\"'[]()\\ -+%/:.,;@=0123456789\u0000\t\r\n\u00e9\u3042\ud83d";
  private static final String[] ZONES = {"UTC", "JST", "CET", "CEST", "+09", "-0330", "+0530"};
  private static final int[] OFFSETS = {
    0, 9 * 3600, 3600, 7200, 9 * 3600, -(3 * 3600 + 1800), 5 * 3600 + 1800
  };

  private final PostgresLogParser parser = new PostgresLogParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersRandomInputWithParsedOrRejected() {
    Random rnd = new Random(81);
    String[] heads = {"2026-11-26 10:02:03.123 JST ", "2026-11-26 10:02:03 UTC:", "", "\t"};
    for (int it = 0; it < ITERATIONS; it++) {
      String line;
      if (rnd.nextBoolean()) {
        byte[] bytes = new byte[rnd.nextInt(300)];
        rnd.nextBytes(bytes);
        line = new String(bytes, StandardCharsets.UTF_8);
      } else {
        StringBuilder b = new StringBuilder(heads[rnd.nextInt(heads.length)]);
        int n = rnd.nextInt(30);
        for (int k = 0; k < n; k++) {
          b.append(
              rnd.nextBoolean()
                  ? TOKENS[rnd.nextInt(TOKENS.length)]
                  : String.valueOf(NASTY.charAt(rnd.nextInt(NASTY.length()))));
        }
        line = b.toString();
      }
      answered(line);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersMutatedValidLinesWithParsedOrRejected() {
    Random rnd = new Random(82);
    for (int it = 0; it < ITERATIONS; it++) {
      answered(mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(83);
    for (int it = 0; it < ITERATIONS / 4; it++) {
      LocalDateTime local =
          LocalDateTime.of(
              2000 + rnd.nextInt(40),
              1 + rnd.nextInt(12),
              1 + rnd.nextInt(28),
              rnd.nextInt(24),
              rnd.nextInt(60),
              rnd.nextInt(60),
              rnd.nextInt(1000) * 1_000_000);
      int z = rnd.nextInt(ZONES.length);
      String pid = Integer.toString(1 + rnd.nextInt(4_000_000));
      String user = word(rnd);
      String db = word(rnd);
      String table = word(rnd);
      int micros = rnd.nextInt(100_000_000);
      String duration = (micros / 1000) + "." + String.format("%03d", micros % 1000);
      String stamp =
          String.format(
              "%04d-%02d-%02d %02d:%02d:%02d.%03d",
              local.getYear(),
              local.getMonthValue(),
              local.getDayOfMonth(),
              local.getHour(),
              local.getMinute(),
              local.getSecond(),
              local.getNano() / 1_000_000);
      String body = "duration: " + duration + " ms  statement: SELECT * FROM " + table;
      String line;
      switch (rnd.nextInt(3)) {
        case 0 ->
            line = stamp + " " + ZONES[z] + " [" + pid + "] " + user + "@" + db + " LOG:  " + body;
        case 1 ->
            line =
                stamp
                    + " "
                    + ZONES[z]
                    + " ["
                    + pid
                    + "]: [1-1] user="
                    + user
                    + ",db="
                    + db
                    + ",app=psql,client=10.0.0.1 LOG:  "
                    + body;
        default ->
            line =
                stamp
                    + " "
                    + ZONES[z]
                    + ":10.0.0.1(5432):"
                    + user
                    + "@"
                    + db
                    + ":["
                    + pid
                    + "]:LOG:  "
                    + body;
      }

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp())
          .as(line)
          .isEqualTo(local.toInstant(ZoneOffset.ofTotalSeconds(OFFSETS[z])));
      assertThat(e.originalOffset()).isEqualTo(ZONES[z]);
      assertThat(e.field("process.pid")).as(line).isEqualTo(pid);
      assertThat(e.userName()).as(line).isEqualTo(user);
      assertThat(e.field("postgresql.log.database")).as(line).isEqualTo(db);
      assertThat(e.field("event.duration")).isEqualTo(Long.toString(micros * 1000L));
      assertThat(e.field("db.collection.name")).isEqualTo(table);
      assertThat(e.field("log.level")).isEqualTo("log");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void adversarialLinesOfSixtyFourKibibytesAreAnswered() {
    String[] heads = {
      "2026-11-26 10:02:03.123 JST [4242] LOG:  statement: SELECT ",
      "2026-11-26 10:02:03.123 JST ",
      "2026-11-26 10:02:03.123 JST [1]: [1-1] user=",
      "2026-11-26 10:02:03 UTC:",
      "2026-11-26 10:02:03.123 JST [4242] LOG:  connection received: ",
      "2026-11-26 10:02:03.123 JST [4242] LOG:  execute "
    };
    String[] fillers = {
      "(", "'", "\"", "E'\\", "/*", " FROM", " FROM (", "a.", "[", "[1]", "[1-1]", "x@y ", ",db=",
      ",", " ", "=", "a=b ", ":[", "):", "LOG", " ms", ": "
    };
    for (String head : heads) {
      for (String filler : fillers) {
        StringBuilder b = new StringBuilder(head);
        while (b.length() < 64 * 1024 - 20) {
          b.append(filler);
        }
        answered(b.toString());
        answered(b + " LOG:  statement: SELECT 1 FROM t");
      }
    }
    String tooLong = "2026-11-26 10:02:03.123 JST [4242] LOG:  " + "x".repeat(64 * 1024);
    ParseResult r = parser.parse(tooLong, CTX);
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).contains("line longer than");
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
          || !PostgresLogParser.DATASET.equals(e.dataset())
          || e.field("message") == null
          || e.field("log.level") == null
          || !"event".equals(e.field("event.kind"))) {
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
    int len = 1 + rnd.nextInt(10);
    StringBuilder b = new StringBuilder(len);
    b.append((char) ('a' + rnd.nextInt(26)));
    for (int k = 1; k < len; k++) {
      b.append(rnd.nextInt(5) == 0 ? '_' : (char) ('a' + rnd.nextInt(26)));
    }
    return b.toString();
  }
}
