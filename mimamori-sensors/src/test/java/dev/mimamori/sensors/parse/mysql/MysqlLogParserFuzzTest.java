package dev.mimamori.sensors.parse.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.FuzzInputs;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random and mutated lines: the parser answers every one and never throws. */
class MysqlLogParserFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final LineContext CTX = new LineContext("acme", "shop-1", "/log", 0, 9);
  private static final String[] SEEDS = {
    "2026-11-26T01:02:03.123456Z\t   12 Query\tSELECT * FROM dtb_customer",
    "2026-11-26T10:02:03.123456+09:00\t   12 Query\tINSERT INTO `eccube`.`dtb_order` (id) VALUES (1)",
    "2017-11-22T09:23:50.812710Z\t    3 Connect\troot@localhost on  using Socket",
    "190601 22:14:07\t  102 Connect\tAccess denied for user 'mysql'@'192.168.204.1' (using"
        + " password: YES)",
    "261126  1:02:03\t   12 Query\tSELECT (SELECT 1 FROM a) FROM b WHERE c = 'x\\'y'",
    "\t\t         106 Query\tSET NAMES utf8",
    "# Time: 2019-03-24T14:01:47.811234Z",
    "# User@Host: root[root] @  [218.76.8.37]  Id:  7234",
    "SET last_insert_id=12,insert_id=13,timestamp=1553443380;",
    "# User@Host: ec_user[ec_user] @ localhost [127.0.0.1]  Id:    12\n# Query_time: 2.500000 "
        + " Lock_time: 0.000120 Rows_sent: 3190  Rows_examined: 3190\nuse eccube;\nSET"
        + " timestamp=1795654923;\nSELECT * FROM dtb_customer;",
    "# Time: 190324 16:03:00\n# User@Host: root[root] @ localhost []\n# Thread_id: 37  Schema:"
        + " employees  QC_hit: No\nSET timestamp=1553443380;\n# administrator command: Quit;",
    "2026-11-26T01:02:03.000001Z\t   42 Query\tUPDATE dtb_customer SET note = '4111 1111 1111"
        + " 1111' WHERE id = 5"
  };
  private static final String[] TOKENS = {
    "\t",
    " ",
    "\n",
    "\r",
    "Query",
    "Connect",
    "Init DB",
    "Close stmt",
    "SELECT ",
    " FROM ",
    " INTO ",
    "UPDATE ",
    "(",
    ")",
    "'",
    "\"",
    "`",
    "\\",
    "/*",
    "*/",
    "/*!40101 ",
    "-- ",
    "#",
    "# Time: ",
    "# User@Host: ",
    "# Query_time: ",
    "SET timestamp=",
    "use x;",
    "[",
    "] @ ",
    "Id:",
    "@",
    " on ",
    " using ",
    "Access denied for user '",
    "'@'",
    "2026-11-26T01:02:03.123456Z",
    "+09:00",
    "261126  1:02:03",
    "4111111111111111",
    "\u3042",
    "\ud83d"
  };
  private static final String NASTY =
      "\"'`[]()\\ -+%/:.,;@#=0123456789\u0000\t\r\n\u00e9\u3042\ud83d";
  private static final String[] COMMANDS = {"Query", "Prepare", "Execute", "Connect", "Quit"};

  private final MysqlLogParser parser = new MysqlLogParser();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void answersRandomInputWithParsedOrRejected() {
    Random rnd = new Random(71);
    String[] heads = {"2026-11-26T01:02:03.123456Z\t   12 ", "# ", "", "\t\t   12 "};
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
    Random rnd = new Random(72);
    for (int it = 0; it < ITERATIONS; it++) {
      answered(mutate(SEEDS[rnd.nextInt(SEEDS.length)], rnd));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void parsesEveryGeneratedWellFormedLineBackToItsFields() {
    Random rnd = new Random(73);
    for (int it = 0; it < ITERATIONS / 4; it++) {
      Instant t =
          Instant.ofEpochSecond(946_684_800L + rnd.nextInt(1_000_000_000))
              .plus(rnd.nextInt(1_000_000), ChronoUnit.MICROS);
      String threadId = Integer.toString(1 + rnd.nextInt(1_000_000));
      String table = word(rnd);
      String command = COMMANDS[rnd.nextInt(COMMANDS.length)];
      String argument =
          command.equals("Connect")
              ? word(rnd)
                  + "@10.0."
                  + rnd.nextInt(256)
                  + "."
                  + rnd.nextInt(256)
                  + " on shop using TCP/IP"
              : command.equals("Quit")
                  ? ""
                  : "SELECT * FROM " + table + " WHERE id = " + rnd.nextInt(100);
      String line =
          t.toString().replace("Z", "").substring(0, 19)
              + "."
              + String.format("%06d", t.getNano() / 1000)
              + "Z\t"
              + String.format("%5s", threadId)
              + " "
              + command
              + "\t"
              + argument;

      ParseResult r = parser.parse(line, CTX);

      assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).as(line).isEqualTo(t);
      assertThat(e.field("mysql.thread_id")).isEqualTo(threadId);
      assertThat(e.field("event.action")).isEqualTo(command.toLowerCase());
      boolean statement = !command.equals("Connect") && !command.equals("Quit");
      assertThat(e.field("db.collection.name")).isEqualTo(statement ? table : null);
      assertThat(e.field("db.statement")).isEqualTo(statement ? argument : null);
    }
    for (int it = 0; it < ITERATIONS / 4; it++) {
      long seconds = 946_684_800L + rnd.nextInt(1_000_000_000);
      String user = word(rnd);
      String table = word(rnd);
      int rows = rnd.nextInt(100_000);
      String entry =
          "# User@Host: "
              + user
              + "["
              + user
              + "] @ localhost [127.0.0.1]  Id: "
              + rows
              + "\n# Query_time: 1.250000  Lock_time: 0.000100 Rows_sent: "
              + rows
              + "  Rows_examined: "
              + rows
              + "\nSET timestamp="
              + seconds
              + ";\nDELETE FROM "
              + table
              + " WHERE id < "
              + rows
              + ";";

      ParseResult r = parser.parse(entry, CTX);

      assertThat(r).as(entry).isInstanceOf(ParseResult.Parsed.class);
      Event e = ((ParseResult.Parsed) r).event();
      assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(seconds));
      assertThat(e.userName()).isEqualTo(user);
      assertThat(e.field("mysql.slowlog.rows_sent")).isEqualTo(Integer.toString(rows));
      assertThat(e.field("event.duration")).isEqualTo("1250000000");
      assertThat(e.field("db.operation")).isEqualTo("DELETE");
      assertThat(e.field("db.collection.name")).isEqualTo(table);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed test
  void adversarialLinesOfSixtyFourKibibytesAreAnswered() {
    String[] heads = {
      "2026-11-26T01:02:03.123456Z\t   12 Query\tSELECT ",
      "2026-11-26T01:02:03.123456Z\t   12 Connect\t",
      "# Time: 2019-03-24T14:01:47.811234Z\n# User@Host: ",
      "# Time: 2019-03-24T14:01:47.811234Z\n# Query_time: ",
      "SET timestamp=1;\nSELECT * FROM ",
      "SET "
    };
    String[] fillers = {
      "(",
      "'",
      "\"",
      "`",
      "/*",
      " FROM",
      " FROM (",
      "a.",
      "\\",
      "[",
      "] @ ",
      " [",
      "a: ",
      "x=1,",
      "\n# User@Host: x[y] @ ",
      "\n# Query_time: 1 ",
      "\n# Time: 2019-03-24T14:01:47Z",
      "@",
      " on "
    };
    for (String head : heads) {
      for (String filler : fillers) {
        StringBuilder b = new StringBuilder(head);
        while (b.length() < 64 * 1024 - 20) {
          b.append(filler);
        }
        answered(b.toString());
        answered(b + " FROM t;");
      }
    }
    String tooLong = "2026-11-26T01:02:03.123456Z\t   12 Query\t" + "x".repeat(64 * 1024);
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
      boolean dataset =
          MysqlLogParser.GENERAL_DATASET.equals(e.dataset())
              || MysqlLogParser.SLOWLOG_DATASET.equals(e.dataset());
      if (!e.original().equals(CardMasker.mask(line))
          || !dataset
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
