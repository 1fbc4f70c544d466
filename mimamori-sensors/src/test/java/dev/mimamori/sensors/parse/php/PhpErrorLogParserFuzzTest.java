package dev.mimamori.sensors.parse.php;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random and mutated lines: the parser answers every one, never throws, and stays fast. */
class PhpErrorLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "[26-Nov-2026 10:00:00 Asia/Tokyo] PHP Warning:  Undefined array key \"ban_length\" in"
        + " /var/www/html/include/admin/admin_ban_add.php on line 50",
    "[20-Nov-2026 03:12:00 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function f()"
        + " in /var/www/html/x.php:3",
    "[12-May-2020 17:21:17 UTC] PHP   1. {main}() /Users/cg/data/www/cg/test.php:0",
    "[29-Aug-2023 08:46:21] WARNING: [pool www] child 223 said into stderr: \"NOTICE: PHP message:"
        + " PHP Notice:  Undefined index: X in /app/index.php on line 4\", pipe is closed",
    "[26-Nov-2026 10:00:00.123456] DEBUG: pid 1, f(), line 3: [pool www] currently 0 active",
    "[27-Apr-2016 00:29:52] NOTICE: fpm is running, pid 9078",
    "[26-Nov-2026 10:00:00 Asia/Tokyo] PHP Warning:  card 4111 1111 1111 1111 in /a.php on line 9"
  };
  private static final String[] TOKENS = {
    "PHP ",
    "PHP Warning:  ",
    " in ",
    " on line ",
    ":12",
    "[pool ",
    "] ",
    "child ",
    " said into ",
    "stderr: ",
    "\"",
    ", pipe is closed",
    "NOTICE: ",
    "PHP message: ",
    "UTC",
    "Asia/Tokyo",
    "-Nov-",
    "4111 1111 1111 1111",
    "\u3042",
    "\ud83d",
    "\r",
    "\n"
  };
  private static final String NASTY = "\"[]{}\\ -+%/:.,0123456789\u0000\t\r\n\u00e9\u3042\ud83d";
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] ZONES = {"UTC", "Asia/Tokyo", "Europe/Berlin", "America/New_York"};
  private static final String[][] TYPES = {
    {"Warning", "warning"},
    {"Notice", "notice"},
    {"Fatal error", "fatal"},
    {"Parse error", "parse"},
    {"Deprecated", "deprecated"}
  };

  private final PhpErrorLogParser parser = new PhpErrorLogParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersRandomInputWithParsedOrRejected() {
    Random rnd = new Random(21);
    for (int it = 0; it < ITERATIONS; it++) {
      String line;
      if (rnd.nextBoolean()) {
        byte[] bytes = new byte[rnd.nextInt(300)];
        rnd.nextBytes(bytes);
        line = new String(bytes, StandardCharsets.UTF_8);
      } else {
        StringBuilder b = new StringBuilder("[26-Nov-2026 10:00:00");
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
    Random rnd = new Random(22);
    for (int it = 0; it < ITERATIONS; it++) {
      answered(mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(23);
    for (int it = 0; it < ITERATIONS / 4; it++) {
      LocalDateTime local =
          LocalDateTime.of(
              2000 + rnd.nextInt(40),
              1 + rnd.nextInt(12),
              1 + rnd.nextInt(28),
              rnd.nextInt(24),
              rnd.nextInt(60),
              rnd.nextInt(60));
      String zone = ZONES[rnd.nextInt(ZONES.length)];
      String[] type = TYPES[rnd.nextInt(TYPES.length)];
      String file = "/var/www/" + word(rnd) + "/" + word(rnd) + ".php";
      int lineNo = 1 + rnd.nextInt(5000);
      String text = word(rnd) + " " + word(rnd) + " in " + word(rnd);
      String stamp =
          String.format(
              "%02d-%s-%04d %02d:%02d:%02d",
              local.getDayOfMonth(),
              MONTHS[local.getMonthValue() - 1],
              local.getYear(),
              local.getHour(),
              local.getMinute(),
              local.getSecond());
      boolean fpm = rnd.nextBoolean();
      String error = "PHP " + type[0] + ":  " + text + " in " + file + " on line " + lineNo;
      String line =
          fpm
              ? "["
                  + stamp
                  + "] WARNING: [pool www] child 42 said into stderr: \"NOTICE: PHP message: "
                  + error
                  + "\""
              : "[" + stamp + " " + zone + "] " + error;

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      ZoneId z = fpm ? PhpErrorLogParser.DEFAULT_ZONE : ZoneId.of(zone);
      assertThat(e.timestamp()).as(line).isEqualTo(local.atZone(z).toInstant());
      assertThat(e.originalOffset()).isEqualTo(z.getId());
      assertThat(e.field("log.level")).isEqualTo(type[1]);
      assertThat(e.field("error.type")).isEqualTo("PHP " + type[0]);
      assertThat(e.field("error.message")).isEqualTo(text);
      assertThat(e.field("file.path")).isEqualTo(file);
      assertThat(e.field("log.origin.file.line")).isEqualTo(String.valueOf(lineNo));
      assertThat(e.field("process.pid")).isEqualTo(fpm ? "42" : null);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void adversarialLinesOfSixtyFourKibibytesParseQuickly() {
    String[] heads = {
      "[26-Nov-2026 10:00:00 UTC] PHP Warning:  ",
      "[26-Nov-2026 10:00:00] WARNING: [pool www] child 1 said into stderr: \"",
      "[26-Nov-2026 10:00:00 UTC] PHP "
    };
    String[] fillers = {" in ", " on line ", "\"", ") ", "PHP ", " ", ":"};
    for (String head : heads) {
      for (String filler : fillers) {
        StringBuilder b = new StringBuilder(head);
        while (b.length() < 64 * 1024 - 20) {
          b.append(filler);
        }
        answered(b + " on line 1");
        answered(b.toString());
      }
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
          || !PhpErrorLogParser.DATASET.equals(e.dataset())
          || e.field("message") == null
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
    return FuzzInputs.word(rnd);
  }
}
