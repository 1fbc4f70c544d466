package dev.mimamori.sensors.parse.mysql;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.SqlText;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The MySQL and MariaDB general query log and slow query log, one line at a time.
 *
 * <p>General log ({@code File_query_log::write_general} in {@code sql/log.cc}): MySQL 5.7 and 8.0
 * write {@code <ISO 8601 time>\t<thread id as %5u> <command>\t<argument>}, the time in UTC ({@code
 * 2026-11-26T01:02:03.123456Z}) or, with {@code log_timestamps = SYSTEM}, with the server's offset
 * ({@code +09:00}); early 5.7 releases had no tab after the time. MariaDB and MySQL up to 5.6 write
 * {@code yyMMdd %2H:mm:ss\t} in the server's local time, and only when the second changes: the
 * lines in between start with two tabs and have no time of their own, so this stateless parser
 * rejects them, as it rejects the further lines of a statement that holds line breaks. The command
 * is one of the server's command names ({@code Connect}, {@code Query}, {@code Init DB}, {@code
 * Prepare}, {@code Execute}, {@code Close stmt}, {@code Quit}, ...) and becomes {@code
 * event.action} (lower case, spaces as dashes). {@code Query}, {@code Prepare} and {@code Execute}
 * carry a statement; {@code Connect} carries {@code user@host on db using TCP/IP} or {@code Access
 * denied for user 'u'@'h' (using password: YES)}.
 *
 * <p>Slow log ({@code File_query_log::write_slow}): an entry is {@code # Time: <time>}, {@code #
 * User@Host: priv_user[user] @ host [ip] Id: N}, {@code # Query_time: s Lock_time: s Rows_sent: n
 * Rows_examined: n} (with {@code log_slow_extra} more {@code Name: value} pairs; MariaDB and
 * Percona add {@code # Thread_id:}, {@code # Rows_affected:} and other {@code #} lines), an
 * optional {@code use db;}, {@code SET [last_insert_id=n,][insert_id=n,]timestamp=<unix seconds>;}
 * and the statement, which may run over several lines. Read one line at a time, a {@code # Time:}
 * or {@code SET timestamp=} line is an event of its own and the other lines have no time, so they
 * are rejected with a reason that says so; a whole entry joined into one text by the shipper
 * (Filebeat's {@code multiline} on {@code ^# User@Host: }) is read as one event, timed by its
 * {@code SET timestamp=} (the statement's start, as Filebeat does) or else its {@code # Time:}.
 *
 * <p>Times without a zone (MariaDB's) are read in the zone given to the constructor. Card numbers
 * are masked before anything is read.
 */
public final class MysqlLogParser implements LogParser {

  public static final String GENERAL_DATASET = "mysql.general";
  public static final String SLOWLOG_DATASET = "mysql.slowlog";

  /** The zone for times written without one (MariaDB, MySQL up to 5.6). */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");

  static final int MAX_LINE = 64 * 1024;
  private static final int MAX_COMMAND = 40;
  private static final int MAX_THREAD_ID = 20;

  /** The server's command names ({@code command_name[]}), for lines whose tabs were lost. */
  private static final String[] COMMANDS = {
    "Binlog Dump GTID",
    "Group Replication Data Stream",
    "Register Replica",
    "Register Slave",
    "Reset Connection",
    "Delayed insert",
    "Binlog Dump",
    "Change user",
    "Connect Out",
    "Field List",
    "Processlist",
    "Table Dump",
    "Close stmt",
    "Reset stmt",
    "Set option",
    "Statistics",
    "Long Data",
    "Create DB",
    "Drop DB",
    "Init DB",
    "Bulk_execute",
    "Shutdown",
    "Refresh",
    "Connect",
    "Execute",
    "Prepare",
    "Daemon",
    "Query",
    "Sleep",
    "Debug",
    "Fetch",
    "Error",
    "clone",
    "Quit",
    "Kill",
    "Ping",
    "Time"
  };

  private final ZoneId localZone;

  /** Reads zone-less times in {@link #DEFAULT_ZONE}. */
  public MysqlLogParser() {
    this(DEFAULT_ZONE);
  }

  /** Reads zone-less times (MariaDB's) in the database server's zone. */
  public MysqlLogParser(ZoneId localZone) {
    this.localZone = Objects.requireNonNull(localZone, "localZone");
  }

  @Override
  public String format() {
    return "mysql";
  }

  @Override
  public boolean multiline() {
    return true;
  }

  /**
   * A slow-log entry runs from its {@code # Time:} (or, where that is written only when the second
   * changes, its {@code # User@Host:}) to the next one; a general-log statement with line breaks
   * runs to the next line that starts an entry of its own.
   */
  @Override
  public boolean continues(String first, int lines, String line) {
    if (line.startsWith("# User@Host:")) {
      return lines == 1 && first.startsWith("# Time:");
    }
    if (line.startsWith("# Time:") || startsEntry(line)) {
      return false;
    }
    return !isBanner(first, first.length());
  }

  /** A general-log line with or without its time, or a line of the query log's banner. */
  private static boolean startsEntry(String line) {
    return line.isEmpty()
        || isDigit(line.charAt(0))
        || untimedGeneralLine(line, line.length())
        || isBanner(line, line.length());
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String line = CardMasker.mask(rawLine);
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    if (end == 0) {
      return reject("empty line", ctx);
    }
    char c = line.charAt(0);
    if (isDigit(c)) {
      return general(line, end, ctx);
    }
    if (c == ' ' || c == '\t') {
      return reject(
          untimedGeneralLine(line, end)
              ? "general-log line without a time (the server writes the time only when the"
                  + " second changes, or not at all with --log-short-format): it has no time of"
                  + " its own"
              : "continuation of a multi-line statement: it has no time of its own",
          ctx);
    }
    if (c == '#'
        || isUse(line, 0, lineEnd(line, 0, end))
        || SqlText.looksLikeStatement(line, end)) {
      return slow(line, end, ctx);
    }
    if (isBanner(line, end)) {
      return reject(
          "server start banner of the query log (version, port, column titles): it has no time of"
              + " its own",
          ctx);
    }
    return reject(
        "expected a general-log line ('<time> <thread id> <command>') or a slow-log entry"
            + " ('# Time:', '# User@Host:', 'SET timestamp=')",
        ctx);
  }

  // ---- general query log ----

  private ParseResult general(String line, int end, LineContext ctx) {
    Stamp t = time(line, 0, end);
    if (t == null) {
      return reject(
          "bad time '"
              + clip(line.substring(0, Math.min(end, 27)))
              + "' (expected yyyy-MM-ddTHH:mm:ss.uuuuuuZ or yyMMdd HH:mm:ss)",
          ctx);
    }
    int p = t.end();
    if (p >= end || (line.charAt(p) != ' ' && line.charAt(p) != '\t')) {
      return reject("expected a tab and the thread id after the time", ctx);
    }
    while (p < end && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
      p++;
    }
    int idEnd = digitsEnd(line, p, end);
    if (idEnd == p || idEnd - p > MAX_THREAD_ID) {
      return reject("expected the thread id after the time", ctx);
    }
    String threadId = line.substring(p, idEnd);
    if (idEnd >= end || line.charAt(idEnd) != ' ') {
      return reject("expected ' <command>' after the thread id", ctx);
    }
    int cmdStart = idEnd + 1;
    while (cmdStart < end && line.charAt(cmdStart) == ' ') {
      cmdStart++;
    }
    int tab = indexOf(line, '\t', cmdStart, Math.min(end, cmdStart + MAX_COMMAND + 1));
    String command;
    int argStart;
    String known = knownCommandAt(line, cmdStart, end);
    if (tab >= 0 && (known == null || line.substring(cmdStart, tab).strip().equals(known))) {
      command = line.substring(cmdStart, tab).strip();
      argStart = tab + 1;
    } else if (known != null) {
      command = known; // the tabs were turned into spaces on the way
      argStart = Math.min(end, cmdStart + known.length() + 1);
    } else if (tab >= 0) {
      command = line.substring(cmdStart, tab).strip();
      argStart = tab + 1;
    } else {
      return reject(
          "expected a command (Query, Connect, Quit, ...) and a tab after the thread id", ctx);
    }
    if (!isCommandName(command)) {
      return reject("bad command '" + clip(command) + "' after the thread id", ctx);
    }
    String argument = line.substring(argStart, end);
    Event.Builder b =
        base(GENERAL_DATASET, line, ctx)
            .timestamp(t.instant())
            .originalOffset(t.zone())
            .extra("mysql.thread_id", threadId)
            .extra("event.action", action(command));
    if (command.equals("Query")
        || command.equals("Prepare")
        || command.equals("Execute")
        || command.equals("Bulk_execute")) {
      if (!argument.isBlank()) {
        SqlText.describe(argument, SqlText.Dialect.MYSQL, b);
      }
    } else if (command.equals("Connect")) {
      connect(argument, b);
    } else if (command.equals("Init DB")) {
      if (!argument.isBlank()) {
        b.extra("mysql.database", argument.strip());
      }
    } else if (!argument.isEmpty()) {
      b.extra("message", argument);
    }
    return new ParseResult.Parsed(b.build());
  }

  /**
   * {@code user@host on db using TCP/IP} ({@code "%s@%s on %s using %s"}, or {@code "%s@%s as %s on
   * %s using %s"} for a proxied user; MariaDB has no {@code using}), or a failed login {@code
   * Access denied for user 'u'@'h' (using password: YES)}.
   */
  private static void connect(String arg, Event.Builder b) {
    b.extra("message", arg);
    String denied = "Access denied for user '";
    if (arg.startsWith(denied)) {
      int at = arg.indexOf("'@'", denied.length());
      if (at > 0) {
        int close = arg.indexOf('\'', at + 3);
        if (close > at) {
          b.userName(arg.substring(denied.length(), at));
          address(arg.substring(at + 3, close), b);
        }
      }
      b.extra("event.outcome", "failure");
      return;
    }
    int at = arg.indexOf('@');
    if (at <= 0) {
      return;
    }
    int hostEnd = arg.indexOf(' ', at);
    if (hostEnd < 0) {
      hostEnd = arg.length();
    }
    b.userName(arg.substring(0, at)).extra("event.outcome", "success");
    address(arg.substring(at + 1, hostEnd), b);
    int on = arg.indexOf(" on ", hostEnd);
    if (on >= 0) {
      int using = arg.indexOf(" using ", on + 4);
      String db = arg.substring(on + 4, using < 0 ? arg.length() : using).strip();
      if (!db.isEmpty()) {
        b.extra("mysql.database", db);
      }
    }
  }

  /** Tab(s) or spaces, a thread id, a space and a command: a general-log line without its time. */
  private static boolean untimedGeneralLine(String line, int end) {
    int p = 0;
    while (p < end && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
      p++;
    }
    int d = digitsEnd(line, p, end);
    if (d == p || d >= end || line.charAt(d) != ' ') {
      return false;
    }
    int c = d + 1;
    int tab = indexOf(line, '\t', c, Math.min(end, c + MAX_COMMAND + 1));
    String command = tab >= 0 ? line.substring(c, tab).strip() : knownCommandAt(line, c, end);
    return command != null && isCommandName(command);
  }

  private static @Nullable String knownCommandAt(String line, int at, int end) {
    for (String k : COMMANDS) {
      if (line.startsWith(k, at)
          && (at + k.length() == end || line.charAt(at + k.length()) == ' ')) {
        return k;
      }
    }
    return null;
  }

  private static boolean isCommandName(String c) {
    if (c.isEmpty() || c.length() > MAX_COMMAND || !isLetter(c.charAt(0))) {
      return false;
    }
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (!isLetter(ch) && !isDigit(ch) && ch != ' ' && ch != '_') {
        return false;
      }
    }
    return true;
  }

  private static String action(String command) {
    return command.toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
  }

  // ---- slow query log ----

  /** One slow-log line, or a whole entry joined into one text: header lines, then the statement. */
  private ParseResult slow(String line, int end, LineContext ctx) {
    Event.Builder b = base(SLOWLOG_DATASET, line, ctx);
    String firstKind = null;
    Stamp headerTime = null;
    Instant setTime = null;
    int statementStart = -1;
    int statementEnd = end;
    int p = 0;
    while (p < end) {
      int le = lineEnd(line, p, end);
      int ce = le > p && line.charAt(le - 1) == '\r' ? le - 1 : le;
      if (statementStart >= 0) {
        if (line.startsWith("# Time:", p) || line.startsWith("# User@Host:", p)) {
          statementEnd = p; // the next entry: a shipper joined too much
          break;
        }
      } else if (line.startsWith("# Time:", p)) {
        firstKind = firstKind == null ? "slow-log '# Time:' line" : firstKind;
        int q = skipSpaces(line, p + 7, ce);
        Stamp t = time(line, q, ce);
        if (t == null || skipSpaces(line, t.end(), ce) != ce) {
          return reject(
              "bad slow-log time '"
                  + clip(line.substring(q, ce))
                  + "' (expected yyyy-MM-ddTHH:mm:ss.uuuuuuZ or yyMMdd HH:mm:ss)",
              ctx);
        }
        headerTime = t;
      } else if (line.startsWith("# User@Host:", p)) {
        firstKind = firstKind == null ? "slow-log '# User@Host:' line" : firstKind;
        if (!userHost(line, p + 12, ce, b)) {
          return reject(
              "bad '# User@Host:' line (expected 'priv_user[user] @ host [ip]  Id: N')", ctx);
        }
      } else if (line.startsWith("# administrator command: ", p)) {
        firstKind = firstKind == null ? "slow-log '# administrator command:' line" : firstKind;
        statementStart = p;
      } else if (line.charAt(p) == '#') {
        if (firstKind == null) {
          firstKind =
              line.startsWith("# Query_time:", p)
                  ? "slow-log '# Query_time:' line"
                  : "slow-log '#' header line";
        }
        String bad = pairs(line, p + 1, ce, b);
        if (bad != null) {
          return reject(bad, ctx);
        }
      } else if (isUse(line, p, ce)) {
        firstKind = firstKind == null ? "slow-log 'use' line" : firstKind;
        b.extra("mysql.database", line.substring(p + 4, ce - 1).strip());
      } else {
        Instant set = setTimestamp(line, p, ce);
        if (set != null) {
          setTime = set;
          firstKind = firstKind == null ? "slow-log 'SET timestamp=' line" : firstKind;
        } else {
          firstKind = firstKind == null ? "slow-log statement line" : firstKind;
          statementStart = p;
        }
      }
      p = le + 1;
    }
    if (setTime == null && headerTime == null) {
      return reject(
          firstKind
              + " has no time of its own (the entry's time is on its '# Time:' and 'SET"
              + " timestamp=' lines)",
          ctx);
    }
    if (setTime != null) {
      b.timestamp(setTime);
      b.originalOffset(headerTime == null ? null : headerTime.zone());
    } else {
      b.timestamp(headerTime.instant()).originalOffset(headerTime.zone());
    }
    if (statementStart >= 0) {
      int se = statementEnd;
      while (se > statementStart && Character.isWhitespace(line.charAt(se - 1))) {
        se--;
      }
      String statement = line.substring(statementStart, se);
      String admin = "# administrator command: ";
      if (statement.startsWith(admin)) {
        String command = statement.substring(admin.length());
        if (command.endsWith(";")) {
          command = command.substring(0, command.length() - 1);
        }
        if (isCommandName(command)) {
          b.extra("event.action", action(command));
        }
        b.extra("message", statement);
      } else if (!statement.isEmpty()) {
        SqlText.describe(statement, SqlText.Dialect.MYSQL, b);
      }
    }
    return new ParseResult.Parsed(b.build());
  }

  /** {@code priv_user[user] @ host [ip]} and an optional {@code Id: N}. */
  private static boolean userHost(String s, int from, int end, Event.Builder b) {
    int p = skipSpaces(s, from, end);
    int lb = indexOf(s, '[', p, end);
    if (lb < 0) {
      return false;
    }
    int rb = indexOf(s, ']', lb + 1, end);
    if (rb < 0 || !s.startsWith(" @ ", rb + 1)) {
      return false;
    }
    String priv = s.substring(p, lb).strip();
    String user = s.substring(lb + 1, rb).strip();
    int h = rb + 4;
    int ipOpen = indexOf(s, " [", h - 1, end);
    if (ipOpen < 0) {
      return false;
    }
    int ipClose = indexOf(s, ']', ipOpen + 2, end);
    if (ipClose < 0) {
      return false;
    }
    String host = h <= ipOpen ? s.substring(h, ipOpen).strip() : "";
    String ip = s.substring(ipOpen + 2, ipClose).strip();
    String name = !priv.isEmpty() ? priv : user;
    if (!name.isEmpty()) {
      b.userName(name);
    }
    if (!host.isEmpty()) {
      address(host, b);
    }
    if (!ip.isEmpty()) {
      address(ip, b);
    }
    int id = indexOf(s, "Id:", ipClose, end);
    if (id >= 0) {
      int d = skipSpaces(s, id + 3, end);
      int de = digitsEnd(s, d, end);
      if (de > d && de - d <= MAX_THREAD_ID) {
        b.extra("mysql.thread_id", s.substring(d, de));
      }
    }
    return true;
  }

  /**
   * {@code Name: value} pairs of a {@code #} header line; returns a rejection reason for a bad
   * number in a field this parser reads, else null.
   */
  private static @Nullable String pairs(String s, int from, int end, Event.Builder b) {
    int p = from;
    String key = null;
    while (p < end) {
      p = skipSpaces(s, p, end);
      if (p >= end) {
        break;
      }
      int t = p;
      while (t < end && s.charAt(t) != ' ') {
        t++;
      }
      String token = s.substring(p, t);
      p = t;
      if (token.length() > 1 && token.endsWith(":") && isKey(token)) {
        key = token.substring(0, token.length() - 1);
        continue;
      }
      if (key == null) {
        continue;
      }
      String bad = field(key, token, b);
      if (bad != null) {
        return bad;
      }
      key = null;
    }
    return null;
  }

  private static boolean isKey(String token) {
    for (int i = 0; i < token.length() - 1; i++) {
      char c = token.charAt(i);
      if (!isLetter(c) && !isDigit(c) && c != '_') {
        return false;
      }
    }
    return isLetter(token.charAt(0));
  }

  private static @Nullable String field(String key, String value, Event.Builder b) {
    switch (key) {
      case "Query_time":
        {
          Long ns = decimalNanos(value, 9);
          if (ns == null) {
            return "bad Query_time '" + clip(value) + "'";
          }
          b.extra("mysql.slowlog.query_time", value).extra("event.duration", Long.toString(ns));
          return null;
        }
      case "Lock_time":
        if (decimalNanos(value, 9) == null) {
          return "bad Lock_time '" + clip(value) + "'";
        }
        b.extra("mysql.slowlog.lock_time", value);
        return null;
      case "Rows_sent":
        return count("mysql.slowlog.rows_sent", key, value, b);
      case "Rows_examined":
        return count("mysql.slowlog.rows_examined", key, value, b);
      case "Rows_affected":
        return count("mysql.slowlog.rows_affected", key, value, b);
      case "Bytes_sent":
        return count("mysql.slowlog.bytes_sent", key, value, b);
      case "Thread_id":
        return count("mysql.thread_id", key, value, b);
      case "Schema":
        b.extra("mysql.database", value);
        return null;
      default:
        return null;
    }
  }

  private static @Nullable String count(String field, String key, String value, Event.Builder b) {
    int d = digitsEnd(value, 0, value.length());
    if (d == 0 || d != value.length() || d > MAX_THREAD_ID) {
      return "bad " + key + " '" + clip(value) + "'";
    }
    b.extra(field, value);
    return null;
  }

  /**
   * {@code SET [name=n,]...timestamp=<unix seconds>;} as the slow log writes it; null when the line
   * is something else (an application's own {@code SET} statement).
   */
  private static @Nullable Instant setTimestamp(String s, int from, int end) {
    if (!s.startsWith("SET ", from) || end - from > 200 || s.charAt(end - 1) != ';') {
      return null;
    }
    int p = from + 4;
    Instant ts = null;
    while (p < end - 1) {
      int eq = p;
      while (eq < end && (isLetter(s.charAt(eq)) || s.charAt(eq) == '_')) {
        eq++;
      }
      if (eq == p || eq >= end || s.charAt(eq) != '=') {
        return null;
      }
      String name = s.substring(p, eq);
      int v = eq + 1;
      int ve = v;
      if (ve < end && s.charAt(ve) == '-') {
        ve++;
      }
      ve = digitsEnd(s, ve, end);
      int intEnd = ve;
      if (ve < end && s.charAt(ve) == '.') {
        ve = digitsEnd(s, ve + 1, end);
      }
      if (intEnd == v || ve >= end || (s.charAt(ve) != ',' && s.charAt(ve) != ';')) {
        return null;
      }
      if (name.equals("timestamp")) {
        if (s.charAt(v) == '-' || intEnd - v > 12) {
          return null;
        }
        long seconds = Long.parseLong(s.substring(v, intEnd));
        long nanos = 0;
        if (intEnd < ve) {
          Long frac = decimalNanos("0" + s.substring(intEnd, ve), 9);
          nanos = frac == null ? 0 : frac;
        }
        ts = Instant.ofEpochSecond(seconds, nanos);
      }
      p = ve + 1;
    }
    return ts;
  }

  private static boolean isUse(String s, int from, int end) {
    if (end - from < 6 || !s.startsWith("use ", from) || s.charAt(end - 1) != ';') {
      return false;
    }
    for (int i = from + 4; i < end - 1; i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean isBanner(String s, int end) {
    String t = s.substring(0, Math.min(end, 400));
    return (t.contains(", Version: ") && t.strip().endsWith("started with:"))
        || t.startsWith("Tcp port: ")
        || (t.startsWith("Time") && t.contains("Id Command") && t.contains("Argument"));
  }

  // ---- times ----

  /** A time read from the line: the instant, the zone as written, where it ended. */
  private record Stamp(Instant instant, String zone, int end) {}

  /** {@code yyyy-MM-ddTHH:mm:ss[.f][Z|±hh:mm]} or {@code yyMMdd HH:mm:ss} at {@code at}. */
  private @Nullable Stamp time(String s, int at, int end) {
    try {
      if (at + 19 <= end && s.charAt(at + 4) == '-') {
        return iso(s, at, end);
      }
      if (at + 15 <= end && s.charAt(at + 6) == ' ') {
        return compact(s, at, end);
      }
    } catch (DateTimeException e) {
      return null;
    }
    return null;
  }

  private @Nullable Stamp iso(String s, int at, int end) {
    if (s.charAt(at + 7) != '-'
        || s.charAt(at + 10) != 'T'
        || s.charAt(at + 13) != ':'
        || s.charAt(at + 16) != ':') {
      return null;
    }
    int year = digits(s, at, at + 4);
    int month = digits(s, at + 5, at + 7);
    int day = digits(s, at + 8, at + 10);
    int hour = digits(s, at + 11, at + 13);
    int min = digits(s, at + 14, at + 16);
    int sec = digits(s, at + 17, at + 19);
    int p = at + 19;
    int nanos = 0;
    if (p < end && s.charAt(p) == '.') {
      int start = ++p;
      while (p < end && isDigit(s.charAt(p)) && p - start < 9) {
        nanos = nanos * 10 + (s.charAt(p) - '0');
        p++;
      }
      if (p == start || (p < end && isDigit(s.charAt(p)))) {
        return null;
      }
      for (int k = p - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, min, sec, nanos);
    if (p < end && s.charAt(p) == 'Z') {
      return new Stamp(local.toInstant(ZoneOffset.UTC), "+00:00", p + 1);
    }
    if (p + 6 <= end
        && (s.charAt(p) == '+' || s.charAt(p) == '-')
        && s.charAt(p + 3) == ':'
        && isDigit(s.charAt(p + 1))
        && isDigit(s.charAt(p + 2))
        && isDigit(s.charAt(p + 4))
        && isDigit(s.charAt(p + 5))) {
      ZoneOffset offset = ZoneOffset.of(s.substring(p, p + 6));
      return new Stamp(local.toInstant(offset), offset.getId(), p + 6);
    }
    return new Stamp(local.atZone(localZone).toInstant(), localZone.getId(), p);
  }

  /** MariaDB's {@code %02d%02d%02d %2d:%02d:%02d}: two-digit year, space-padded hour, no zone. */
  private @Nullable Stamp compact(String s, int at, int end) {
    if (s.charAt(at + 9) != ':' || s.charAt(at + 12) != ':') {
      return null;
    }
    int year = 2000 + digits(s, at, at + 2);
    int month = digits(s, at + 2, at + 4);
    int day = digits(s, at + 4, at + 6);
    int hour = s.charAt(at + 7) == ' ' ? digits(s, at + 8, at + 9) : digits(s, at + 7, at + 9);
    int min = digits(s, at + 10, at + 12);
    int sec = digits(s, at + 13, at + 15);
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, min, sec);
    return new Stamp(local.atZone(localZone).toInstant(), localZone.getId(), at + 15);
  }

  // ---- helpers ----

  /** Seconds (or any unit) written as {@code 12.345678} in nanoseconds of that unit times 1e9. */
  static @Nullable Long decimalNanos(String v, int maxIntDigits) {
    int dot = v.indexOf('.');
    String whole = dot < 0 ? v : v.substring(0, dot);
    String frac = dot < 0 ? "" : v.substring(dot + 1);
    if (whole.isEmpty()
        || whole.length() > maxIntDigits
        || digitsEnd(whole, 0, whole.length()) != whole.length()
        || digitsEnd(frac, 0, frac.length()) != frac.length()
        || (dot >= 0 && frac.isEmpty())) {
      return null;
    }
    long nanos = Long.parseLong(whole) * 1_000_000_000L;
    long scale = 100_000_000L;
    for (int i = 0; i < frac.length() && scale > 0; i++) {
      nanos += (frac.charAt(i) - '0') * scale;
      scale /= 10;
    }
    return nanos;
  }

  /**
   * An address as the server wrote it: an IP literal goes to source.ip, a name to source.domain.
   */
  private static void address(String v, Event.Builder b) {
    if (v.isEmpty() || v.length() > 255) {
      return;
    }
    if (isIp(v)) {
      b.sourceIp(v);
    } else {
      b.extra("source.domain", v);
    }
  }

  static boolean isIp(String v) {
    boolean colon = v.indexOf(':') >= 0;
    if (colon) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        boolean ok =
            isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
        if (!ok) {
          return false;
        }
      }
      return v.length() >= 2;
    }
    int parts = 0;
    int i = 0;
    while (i <= v.length()) {
      int d = digitsEnd(v, i, v.length());
      if (d == i || d - i > 3 || Integer.parseInt(v.substring(i, d)) > 255) {
        return false;
      }
      parts++;
      if (d == v.length()) {
        break;
      }
      if (v.charAt(d) != '.') {
        return false;
      }
      i = d + 1;
    }
    return parts == 4;
  }

  private static Event.Builder base(String dataset, String line, LineContext ctx) {
    return Event.builder()
        .tenant(ctx.tenant())
        .asset(ctx.asset())
        .dataset(dataset)
        .original(line)
        .logFilePath(ctx.logFilePath())
        .logOffset(ctx.logOffset())
        .lineNumber(ctx.lineNumber())
        .extra("event.kind", "event")
        .extra("event.category", "database");
  }

  private static int lineEnd(String s, int from, int end) {
    int nl = indexOf(s, '\n', from, end);
    return nl < 0 ? end : nl;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        throw new DateTimeException("digit");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int digitsEnd(String s, int from, int end) {
    int i = from;
    while (i < end && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String s, int from, int end) {
    int i = from;
    while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s.indexOf(t, from)} that looks no further than {@code end}. */
  private static int indexOf(String s, String t, int from, int end) {
    for (int i = Math.max(0, from); i + t.length() <= end; i++) {
      if (s.startsWith(t, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
