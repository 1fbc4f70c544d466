package dev.mimamori.sensors.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.parse.mysql.MysqlLogParser;
import dev.mimamori.sensors.parse.php.PhpErrorLogParser;
import dev.mimamori.sensors.parse.postgres.PostgresLogParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJoinerTest {
  static final List<String> PHP_TRACE =
      List.of(
          "[26-Nov-2026 10:00:00 Asia/Tokyo] PHP Fatal error:  Uncaught Exception: boom in"
              + " /var/www/html/user_data/x.php:3",
          "Stack trace:",
          "#0 {main}",
          "  thrown in /var/www/html/user_data/x.php on line 3",
          "[26-Nov-2026 10:00:01 Asia/Tokyo] PHP Warning:  next in /a.php on line 1");

  final List<RawLine> out = new ArrayList<>();

  List<RawLine> join(dev.mimamori.sensors.parse.LogParser parser, List<String> lines)
      throws InterruptedException {
    RecordJoiner j = new RecordJoiner(parser, out::add);
    long offset = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      j.accept(new RawLine("/log", offset, offset + l.length() + 1, i + 1, l, false));
      offset += l.length() + 1;
    }
    j.flush();
    return out;
  }

  @Test
  void joinsAnUncaughtExceptionsStackTraceOntoItsError() throws Exception {
    List<RawLine> records = join(new PhpErrorLogParser(), PHP_TRACE);

    assertThat(records).extracting(RawLine::lines).containsExactly(4, 1);
  }

  @Test
  void aJoinedRecordSpansFromItsFirstLineToPastItsLast() throws Exception {
    RawLine trace = join(new PhpErrorLogParser(), PHP_TRACE).get(0);

    long end = PHP_TRACE.subList(0, 4).stream().mapToLong(l -> l.length() + 1).sum();
    assertThat(
            List.of(trace.offset(), trace.nextOffset(), trace.lineNumber(), trace.nextLineNumber()))
        .containsExactly(0L, end, 1L, 5L);
  }

  @Test
  void keepsTheLineBreaksOfAJoinedRecord() throws Exception {
    RawLine trace = join(new PhpErrorLogParser(), PHP_TRACE).get(0);

    assertThat(trace.text()).isEqualTo(String.join("\n", PHP_TRACE.subList(0, 4)));
  }

  @Test
  void parsesAJoinedStackTraceAsOneEvent() throws Exception {
    RawLine trace = join(new PhpErrorLogParser(), PHP_TRACE).get(0);

    ParseResult r =
        new PhpErrorLogParser().parse(trace.text(), new LineContext("t", "a", "/log", 0, 1));

    assertThat(r).isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void autoDetectionJoinsAPhpTraceToo() throws Exception {
    List<RawLine> records = join(Parsers.forFormat("auto"), PHP_TRACE);

    assertThat(records).extracting(RawLine::lines).containsExactly(4, 1);
  }

  @Test
  void autoDetectionJoinsNothingInAnAccessLog() throws Exception {
    List<RawLine> records =
        join(
            Parsers.forFormat("auto"),
            List.of(
                "203.0.113.7 - - [20/Nov/2026:03:12:00 +0900] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"",
                "\u0016\u0003\u0001 junk that no format reads",
                "203.0.113.7 - - [20/Nov/2026:03:12:01 +0900] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\""));

    assertThat(records).hasSize(3);
  }

  @Test
  void joinsASlowQueryLogEntryFromItsTimeToTheNextEntry() throws Exception {
    List<RawLine> records =
        join(
            new MysqlLogParser(),
            List.of(
                "# Time: 2026-11-26T01:02:03.123456Z",
                "# User@Host: shop[shop] @ localhost []  Id:    12",
                "# Query_time: 2.000123  Lock_time: 0.000010 Rows_sent: 3190  Rows_examined: 3190",
                "SET timestamp=1795741323;",
                "SELECT *",
                "FROM dtb_customer;",
                "# Time: 2026-11-26T01:02:09.000001Z",
                "# User@Host: shop[shop] @ localhost []  Id:    12",
                "# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1",
                "SET timestamp=1795741329;",
                "SELECT 1;"));

    assertThat(records).extracting(RawLine::lines).containsExactly(6, 5);
  }

  @Test
  void parsesAJoinedSlowQueryLogEntryAsOneEvent() throws Exception {
    RawLine entry =
        join(
                new MysqlLogParser(),
                List.of(
                    "# Time: 2026-11-26T01:02:03.123456Z",
                    "# User@Host: shop[shop] @ localhost []  Id:    12",
                    "# Query_time: 2.000123  Lock_time: 0.000010 Rows_sent: 3190  Rows_examined:"
                        + " 3190",
                    "SET timestamp=1795741323;",
                    "SELECT * FROM dtb_customer;"))
            .get(0);

    ParseResult r =
        new MysqlLogParser().parse(entry.text(), new LineContext("t", "a", "/log", 0, 1));

    assertThat(((ParseResult.Parsed) r).event().field("mysql.slowlog.rows_examined"))
        .isEqualTo("3190");
  }

  @Test
  void joinsPostgresTabLedContinuationLines() throws Exception {
    List<RawLine> records =
        join(
            new PostgresLogParser(),
            List.of(
                "2026-11-26 10:00:00.123 JST [123] LOG:  statement: SELECT *",
                "\tFROM dtb_customer",
                "\tWHERE id = 1",
                "2026-11-26 10:00:01.000 JST [123] LOG:  statement: SELECT 1"));

    assertThat(records).extracting(RawLine::lines).containsExactly(3, 1);
  }

  @Test
  void parsesAJoinedPostgresStatementWithAllItsLines() throws Exception {
    RawLine record =
        join(
                new PostgresLogParser(),
                List.of(
                    "2026-11-26 10:00:00.123 JST [123] LOG:  statement: SELECT *",
                    "\tFROM dtb_customer"))
            .get(0);

    ParseResult r =
        new PostgresLogParser().parse(record.text(), new LineContext("t", "a", "/log", 0, 1));

    assertThat(((ParseResult.Parsed) r).event().field("db.statement")).contains("dtb_customer");
  }

  @Test
  void cutsARecordThatReachesTheLineBound() throws Exception {
    List<String> flood = new ArrayList<>();
    flood.add(PHP_TRACE.get(0));
    for (int i = 0; i < RecordJoiner.MAX_LINES + 10; i++) {
      flood.add("#" + i + " /x.php(1): f()");
    }

    List<RawLine> records = join(new PhpErrorLogParser(), flood);

    assertThat(records.get(0).lines()).isEqualTo(RecordJoiner.MAX_LINES);
  }

  @Test
  void holdsTheLastRecordUntilFlushed() throws Exception {
    RecordJoiner j = new RecordJoiner(new PhpErrorLogParser(), out::add);
    j.accept(new RawLine("/log", 0, 10, 1, PHP_TRACE.get(0), false));

    assertThat(out).isEmpty();
  }
}
