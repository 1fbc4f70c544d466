package dev.mimamori.sensors.parse.postgres;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.SqlText;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's {@code stderr} log ({@code log_destination = 'stderr'}, also what {@code
 * logging_collector} writes), one line at a time.
 *
 * <p>A line is {@code log_line_prefix}, then {@code SEVERITY: message} ({@code elog.c}: the
 * severity in English, two spaces). The prefix must start with the time: {@code %m} ({@code
 * yyyy-MM-dd HH:mm:ss.SSS TZ}, the default {@code '%m [%p] '} since PostgreSQL 10) or {@code %t}
 * (the same without milliseconds), the zone being {@code log_timezone}'s abbreviation ({@code UTC},
 * {@code JST}, {@code CEST}) or, for zones without one, a numeric offset ({@code +09}, {@code
 * +0530}). What follows the time is read loosely, so the common prefixes all parse: {@code [%p]},
 * {@code [%p-%l]} and {@code [%p]: [%l-1]}; {@code user=%u,db=%d,app=%a,client=%h} (pgBadger's
 * recommendation, in any order or subset); Debian's {@code %q%u@%d}; and Amazon RDS's fixed {@code
 * '%t:%r:%u@%d:[%p]:'}. Other elements of the prefix are skipped.
 *
 * <p>Messages read: {@code statement: <sql>} ({@code log_statement}), {@code duration: 12.345 ms}
 * alone ({@code log_duration}) or followed by {@code statement: <sql>} or the extended protocol's
 * {@code parse|bind|execute <name>: <sql>} ({@code log_min_duration_statement}), {@code execute
 * <name>: <sql>} and {@code execute fetch from <name>/<portal>: <sql>}, {@code STATEMENT: <sql>}
 * after an error, {@code connection received: host=... port=...}, {@code connection authorized:
 * user=... database=...} and {@code password authentication failed for user "..."}; every line's
 * text is {@code message}. A message with line breaks continues on lines that start with a tab
 * ({@code append_with_tabs}); they have no time of their own and are rejected.
 *
 * <p>Zone abbreviations are ambiguous ({@code CST} is China's and America's, {@code IST} India's,
 * Ireland's and Israel's): the unambiguous common ones are mapped to their offsets, others are
 * rejected unless the parser is told the server's {@code log_timezone}, whose rules then read them.
 * Card numbers are masked before anything is read.
 */
public final class PostgresLogParser implements LogParser {

  public static final String DATASET = "postgresql.log";

  static final int MAX_LINE = 64 * 1024;
  private static final int MAX_PREFIX = 1024;
  private static final int MAX_VALUE = 256;
  private static final int MAX_NAME = 256;

  private static final String[] SEVERITIES = {
    "LOG",
    "ERROR",
    "FATAL",
    "PANIC",
    "WARNING",
    "NOTICE",
    "INFO",
    "DEBUG",
    "DETAIL",
    "HINT",
    "STATEMENT",
    "CONTEXT",
    "QUERY",
    "LOCATION"
  };

  /** Keys of a {@code key=%x,key=%y} prefix. */
  private static final String[] PREFIX_KEYS = {"user", "db", "app", "client", "host"};

  /**
   * Zone abbreviations that mean one offset wherever the tz database uses them. Left out on
   * purpose: CST, IST, AST and other ambiguous ones.
   */
  private static final Map<String, ZoneOffset> ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("UTC", ZoneOffset.UTC),
          Map.entry("UCT", ZoneOffset.UTC),
          Map.entry("GMT", ZoneOffset.UTC),
          Map.entry("JST", ZoneOffset.ofHours(9)),
          Map.entry("KST", ZoneOffset.ofHours(9)),
          Map.entry("HKT", ZoneOffset.ofHours(8)),
          Map.entry("AWST", ZoneOffset.ofHours(8)),
          Map.entry("ACST", ZoneOffset.ofHoursMinutes(9, 30)),
          Map.entry("ACDT", ZoneOffset.ofHoursMinutes(10, 30)),
          Map.entry("AEST", ZoneOffset.ofHours(10)),
          Map.entry("AEDT", ZoneOffset.ofHours(11)),
          Map.entry("NZST", ZoneOffset.ofHours(12)),
          Map.entry("NZDT", ZoneOffset.ofHours(13)),
          Map.entry("WIB", ZoneOffset.ofHours(7)),
          Map.entry("WITA", ZoneOffset.ofHours(8)),
          Map.entry("WIT", ZoneOffset.ofHours(9)),
          Map.entry("PKT", ZoneOffset.ofHours(5)),
          Map.entry("MSK", ZoneOffset.ofHours(3)),
          Map.entry("SAST", ZoneOffset.ofHours(2)),
          Map.entry("WET", ZoneOffset.UTC),
          Map.entry("WEST", ZoneOffset.ofHours(1)),
          Map.entry("BST", ZoneOffset.ofHours(1)),
          Map.entry("CET", ZoneOffset.ofHours(1)),
          Map.entry("CEST", ZoneOffset.ofHours(2)),
          Map.entry("MET", ZoneOffset.ofHours(1)),
          Map.entry("MEST", ZoneOffset.ofHours(2)),
          Map.entry("EET", ZoneOffset.ofHours(2)),
          Map.entry("EEST", ZoneOffset.ofHours(3)),
          Map.entry("EST", ZoneOffset.ofHours(-5)),
          Map.entry("EDT", ZoneOffset.ofHours(-4)),
          Map.entry("CDT", ZoneOffset.ofHours(-5)),
          Map.entry("MST", ZoneOffset.ofHours(-7)),
          Map.entry("MDT", ZoneOffset.ofHours(-6)),
          Map.entry("PST", ZoneOffset.ofHours(-8)),
          Map.entry("PDT", ZoneOffset.ofHours(-7)),
          Map.entry("AKST", ZoneOffset.ofHours(-9)),
          Map.entry("AKDT", ZoneOffset.ofHours(-8)),
          Map.entry("HST", ZoneOffset.ofHours(-10)),
          Map.entry("NST", ZoneOffset.ofHoursMinutes(-3, -30)),
          Map.entry("NDT", ZoneOffset.ofHoursMinutes(-2, -30)));

  private final @Nullable ZoneId logTimezone;

  /** What the prefix has set so far. */
  private static final class Seen {
    boolean pid;
    boolean ip;
  }

  /** Reads the common unambiguous zone abbreviations and numeric offsets. */
  public PostgresLogParser() {
    this.logTimezone = null;
  }

  /**
   * Also reads any other abbreviation by the rules of the server's {@code log_timezone} (e.g.
   * {@code CST} with {@code Asia/Shanghai}, {@code IST} with {@code Asia/Kolkata}).
   */
  public PostgresLogParser(ZoneId logTimezone) {
    this.logTimezone = logTimezone;
  }

  @Override
  public String format() {
    return "postgresql";
  }

  @Override
  public boolean multiline() {
    return true;
  }

  /** PostgreSQL continues a message with line breaks on lines that start with a tab. */
  @Override
  public boolean continues(String first, int lines, String line) {
    return !first.startsWith("\t") && line.startsWith("\t");
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
    if (line.charAt(0) == '\t') {
      return reject(
          "continuation of a multi-line message (PostgreSQL starts it with a tab): it has no time"
              + " of its own",
          ctx);
    }
    if (line.charAt(0) == '{') {
      return reject("a jsonlog line: only the stderr log format is read", ctx);
    }
    // The time: yyyy-MM-dd HH:mm:ss[.SSS] ZONE
    LocalDateTime local;
    try {
      local = localTime(line, end);
    } catch (DateTimeException e) {
      return reject(
          "bad time '"
              + clip(line.substring(0, Math.min(end, 23)))
              + "' (expected log_line_prefix to start with %m or %t: yyyy-MM-dd HH:mm:ss[.SSS] TZ)",
          ctx);
    }
    int p = 19;
    if (p < end && line.charAt(p) == '.') {
      int start = ++p;
      int nanos = 0;
      while (p < end && isDigit(line.charAt(p)) && p - start < 9) {
        nanos = nanos * 10 + (line.charAt(p) - '0');
        p++;
      }
      if (p == start) {
        return reject("bad fraction of a second after the time", ctx);
      }
      for (int k = p - start; k < 9; k++) {
        nanos *= 10;
      }
      local = local.withNano(nanos);
    }
    if (p >= end || line.charAt(p) != ' ') {
      return reject("expected ' <time zone>' after the time", ctx);
    }
    int zs = p + 1;
    int ze = zoneEnd(line, zs, end);
    if (ze == zs) {
      return reject("expected a time zone after the time", ctx);
    }
    String zoneName = line.substring(zs, ze);
    ZonedDateTime zoned = zoned(local, zoneName);
    if (zoned == null) {
      return reject(
          "unknown time zone '"
              + clip(zoneName)
              + "' (an ambiguous or uncommon abbreviation: give the parser the server's"
              + " log_timezone)",
          ctx);
    }
    Event.Builder b =
        Event.builder()
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber())
            .timestamp(zoned.toInstant())
            .originalOffset(zoneName)
            .extra("event.kind", "event")
            .extra("event.category", "database");
    Seen seen = new Seen();
    p = ze;
    if (p >= end) {
      return reject("expected the rest of log_line_prefix and a severity after the time zone", ctx);
    }
    String severity = null;
    char after = line.charAt(p);
    if (after == ':') {
      int sev = rds(line, p + 1, end, b, seen);
      if (sev < 0) {
        return reject(
            "expected Amazon RDS's prefix '%t:%r:%u@%d:[%p]:' and a severity after the time", ctx);
      }
      severity = severityAt(line, sev, end);
      if (severity == null) {
        return reject("expected a severity such as 'LOG:' or 'ERROR:' after the prefix", ctx);
      }
      p = sev + severity.length() + 1;
    } else if (after == ' ') {
      int limit = Math.min(end, p + MAX_PREFIX);
      for (int guard = 0; guard < 64 && p < limit; guard++) {
        while (p < limit && line.charAt(p) == ' ') {
          p++;
        }
        if (p >= limit) {
          break;
        }
        severity = severityAt(line, p, end);
        if (severity != null) {
          p += severity.length() + 1;
          break;
        }
        if (line.charAt(p) == '[') {
          int close = indexOf(line, ']', p + 1, Math.min(end, p + 66));
          if (close > 0 && bracket(line.substring(p + 1, close), b, seen)) {
            p = close + 1;
            if (p < end && line.charAt(p) == ':') {
              p++;
            }
            continue;
          }
        }
        if (prefixKeyAt(line, p, end) != null) {
          p = keyValues(line, p, end, b, seen);
          continue;
        }
        int t = p;
        while (t < end && t - p < MAX_VALUE && line.charAt(t) != ' ') {
          t++;
        }
        String token = line.substring(p, t);
        if (token.endsWith(":") && !isAscii(token)) {
          return reject(
              "severity '"
                  + clip(token)
                  + "' is not in English: PostgreSQL translates its log with lc_messages (set it"
                  + " to 'C')",
              ctx);
        }
        int at = token.lastIndexOf('@');
        if (at >= 0) {
          userAtDb(token.substring(0, at), token.substring(at + 1), b);
        }
        p = t;
      }
      if (severity == null) {
        return reject("expected a severity such as 'LOG:' or 'ERROR:' after log_line_prefix", ctx);
      }
    } else {
      return reject(
          "expected ' ' after the time zone (csvlog and jsonlog lines are not read)", ctx);
    }
    b.extra("log.level", severity.toLowerCase(Locale.ROOT));
    while (p < end && line.charAt(p) == ' ') {
      p++;
    }
    // log_error_verbosity = verbose: "ERROR:  42P01: relation ..."
    if (p + 7 <= end
        && isSqlState(line, p)
        && line.charAt(p + 5) == ':'
        && line.charAt(p + 6) == ' ') {
      String sqlState = line.substring(p, p + 5);
      if (!sqlState.equals("00000")) { // 00000 is successful_completion, on LOG lines
        b.extra("error.code", sqlState);
      }
      p += 6;
      while (p < end && line.charAt(p) == ' ') {
        p++;
      }
    }
    String message = line.substring(p, end);
    b.extra("message", message);
    message(severity, message, b, seen);
    return new ParseResult.Parsed(b.build());
  }

  /** What a message says, by severity. */
  private static void message(String severity, String m, Event.Builder b, Seen seen) {
    if (severity.equals("STATEMENT")) {
      if (!m.isBlank()) {
        SqlText.describe(m, SqlText.Dialect.POSTGRESQL, b);
      }
      return;
    }
    if (severity.equals("ERROR") || severity.equals("FATAL") || severity.equals("PANIC")) {
      b.extra("error.message", m);
      String failed = "password authentication failed for user \"";
      if (m.startsWith(failed) && m.endsWith("\"") && m.length() > failed.length() + 1) {
        b.userName(m.substring(failed.length(), m.length() - 1));
        b.extra("event.outcome", "failure");
      }
      return;
    }
    if (!severity.equals("LOG")) {
      return;
    }
    String rest = m;
    if (rest.startsWith("duration: ")) {
      int num = "duration: ".length();
      int ms = rest.indexOf(" ms", num);
      if (ms < 0 || ms - num > 40) {
        return;
      }
      Long nanos = millisToNanos(rest.substring(num, ms));
      if (nanos == null) {
        return;
      }
      b.extra("event.duration", Long.toString(nanos));
      int q = ms + 3;
      while (q < rest.length() && rest.charAt(q) == ' ') {
        q++;
      }
      rest = rest.substring(q);
    }
    if (rest.startsWith("statement: ")) {
      String sql = rest.substring("statement: ".length());
      if (!sql.isBlank()) {
        SqlText.describe(sql, SqlText.Dialect.POSTGRESQL, b);
      }
      return;
    }
    String[] steps = {"execute fetch from ", "execute ", "parse ", "bind "};
    for (String step : steps) {
      if (rest.startsWith(step)) {
        int colon = rest.indexOf(": ", step.length());
        if (colon <= step.length() || colon - step.length() > MAX_NAME) {
          return;
        }
        b.extra("postgresql.log.query_step", step.substring(0, step.indexOf(' ')));
        b.extra("postgresql.log.query_name", rest.substring(step.length(), colon));
        String sql = rest.substring(colon + 2);
        if (!sql.isBlank()) {
          SqlText.describe(sql, SqlText.Dialect.POSTGRESQL, b);
        }
        return;
      }
    }
    if (rest.startsWith("connection received: ") || rest.startsWith("connection authorized: ")) {
      connection(rest, b, seen);
    }
  }

  /** {@code connection received: host=10.0.0.5 port=53422}, {@code connection authorized: ...}. */
  private static void connection(String m, Event.Builder b, Seen seen) {
    int p = m.indexOf(": ") + 2;
    int n = m.length();
    while (p < n) {
      int eq = m.indexOf('=', p);
      if (eq < 0) {
        return;
      }
      int sp = m.indexOf(' ', eq);
      int ve = sp < 0 ? n : sp;
      String key = m.substring(p, eq);
      String value = m.substring(eq + 1, ve);
      if (key.equals("host") && !value.isEmpty() && !seen.ip) {
        address(value, b, seen);
      } else if (key.equals("port") && isAllDigits(value) && value.length() <= 5) {
        b.extra("source.port", value);
      } else if (key.equals("user") && !value.isEmpty()) {
        b.userName(value);
      } else if (key.equals("database") && !value.isEmpty()) {
        b.extra("postgresql.log.database", value);
      } else if (key.equals("application_name") && !value.isEmpty()) {
        b.extra("postgresql.log.application_name", value);
      }
      p = ve + 1;
    }
  }

  // ---- prefix ----

  /**
   * Amazon RDS's {@code %r:%u@%d:[%p]:} after {@code %t:}: {@code
   * 10.0.0.5(53422):ec_user@eccube:[4242]:LOG:}, {@code :@:[4242]:LOG:} for background processes.
   * Returns where the severity starts, or -1.
   */
  private static int rds(String line, int from, int end, Event.Builder b, Seen seen) {
    int limit = Math.min(end, from + MAX_PREFIX);
    int pid = indexOf(line, ":[", from, limit);
    if (pid < 0) {
      return -1;
    }
    int close = indexOf(line, ']', pid + 2, Math.min(limit, pid + 24));
    if (close < 0 || close + 1 >= end || line.charAt(close + 1) != ':') {
      return -1;
    }
    String pidText = line.substring(pid + 2, close);
    if (!isAllDigits(pidText) || pidText.isEmpty() || pidText.length() > 10) {
      return -1;
    }
    b.extra("process.pid", pidText);
    seen.pid = true;
    String seg = line.substring(from, pid); // "%r:%u@%d"
    int hostEnd;
    if (seg.startsWith("[local]:")) {
      hostEnd = 7;
    } else if (seg.startsWith(":")) {
      hostEnd = 0;
    } else {
      int paren = seg.indexOf("):");
      hostEnd = paren < 0 ? seg.indexOf(':') : paren + 1;
    }
    if (hostEnd < 0 || hostEnd >= seg.length() || seg.charAt(hostEnd) != ':') {
      return -1;
    }
    String host = seg.substring(0, hostEnd);
    if (!host.isEmpty()) {
      hostAndPort(host, b, seen);
    }
    String userDb = seg.substring(hostEnd + 1);
    int at = userDb.lastIndexOf('@');
    if (at >= 0) {
      userAtDb(userDb.substring(0, at), userDb.substring(at + 1), b);
    }
    return close + 2;
  }

  /**
   * {@code [%p]}, {@code [%p-%l]}, {@code [%l-1]} or an empty {@code []}; false when the brackets
   * hold something else.
   */
  private static boolean bracket(String inner, Event.Builder b, Seen seen) {
    if (inner.isEmpty()) {
      return true;
    }
    int dash = inner.indexOf('-');
    String first = dash < 0 ? inner : inner.substring(0, dash);
    String second = dash < 0 ? "" : inner.substring(dash + 1);
    if (first.isEmpty() || !isAllDigits(first) || first.length() > 10) {
      return false;
    }
    if (dash >= 0 && (second.isEmpty() || !isAllDigits(second) || second.length() > 10)) {
      return false;
    }
    if (!seen.pid) {
      seen.pid = true;
      b.extra("process.pid", first); // [%p] or Debian's old [%p-%l]
      if (dash >= 0) {
        b.extra("postgresql.log.session_line_num", second);
      }
    } else if (dash >= 0) {
      b.extra("postgresql.log.session_line_num", first); // [%l-1]
    }
    return true;
  }

  /** {@code user=%u,db=%d,app=%a,client=%h}: returns where the list ends. */
  private static int keyValues(String line, int from, int end, Event.Builder b, Seen seen) {
    int p = from;
    while (p < end) {
      String key = prefixKeyAt(line, p, end);
      if (key == null) {
        break;
      }
      int vs = p + key.length() + 1;
      int v = vs;
      while (v < end && v - vs < MAX_VALUE) {
        char c = line.charAt(v);
        if (c == ',' && prefixKeyAt(line, v + 1, end) != null) {
          break;
        }
        if (c == ' '
            && (prefixKeyAt(line, v + 1, end) != null || severityAt(line, v + 1, end) != null)) {
          break;
        }
        v++;
      }
      prefixValue(key, line.substring(vs, v), b, seen);
      p = v;
      if (p < end && line.charAt(p) == ',') {
        p++;
      } else {
        break;
      }
    }
    return p;
  }

  private static void prefixValue(String key, String value, Event.Builder b, Seen seen) {
    if (value.isEmpty() || value.equals("[unknown]")) {
      return;
    }
    switch (key) {
      case "user":
        b.userName(value);
        break;
      case "db":
        b.extra("postgresql.log.database", value);
        break;
      case "app":
        b.extra("postgresql.log.application_name", value);
        break;
      default:
        hostAndPort(value, b, seen);
        break;
    }
  }

  private static @Nullable String prefixKeyAt(String line, int p, int end) {
    for (String k : PREFIX_KEYS) {
      if (p + k.length() < end && line.startsWith(k, p) && line.charAt(p + k.length()) == '=') {
        return k;
      }
    }
    return null;
  }

  /** Debian's {@code %u@%d}; {@code [unknown]} when not yet known. */
  private static void userAtDb(String user, String db, Event.Builder b) {
    if (!user.isEmpty() && !user.equals("[unknown]")) {
      b.userName(user);
    }
    if (!db.isEmpty() && !db.equals("[unknown]")) {
      b.extra("postgresql.log.database", db);
    }
  }

  /**
   * {@code %h} or {@code %r}: {@code 10.0.0.5}, {@code 10.0.0.5(53422)}, a host name, {@code
   * [local]}.
   */
  private static void hostAndPort(String v, Event.Builder b, Seen seen) {
    if (v.equals("[local]")) {
      return;
    }
    String host = v;
    int open = v.lastIndexOf('(');
    if (open > 0 && v.endsWith(")")) {
      String port = v.substring(open + 1, v.length() - 1);
      host = v.substring(0, open);
      if (isAllDigits(port) && !port.isEmpty() && port.length() <= 5) {
        b.extra("source.port", port);
      }
    }
    address(host, b, seen);
  }

  private static void address(String v, Event.Builder b, Seen seen) {
    if (v.isEmpty() || v.length() > 255) {
      return;
    }
    if (isIp(v)) {
      b.sourceIp(v);
      seen.ip = true;
    } else {
      b.extra("source.domain", v);
    }
  }

  static boolean isIp(String v) {
    if (v.indexOf(':') >= 0) {
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
      int d = i;
      while (d < v.length() && isDigit(v.charAt(d))) {
        d++;
      }
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

  /** The severity at {@code p} when it is followed by {@code ':'}, else null. */
  private static @Nullable String severityAt(String line, int p, int end) {
    for (String s : SEVERITIES) {
      int e = p + s.length();
      if (e < end && line.startsWith(s, p) && line.charAt(e) == ':') {
        if (e + 1 == end || line.charAt(e + 1) == ' ') {
          return s;
        }
      }
    }
    return null;
  }

  /**
   * Five digits or capitals with at least one digit (every SQLSTATE has one), so pgaudit's {@code
   * AUDIT: } is not taken for one.
   */
  private static boolean isSqlState(String s, int p) {
    boolean digit = false;
    for (int i = p; i < p + 5; i++) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        digit = true;
      } else if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return digit;
  }

  // ---- time ----

  private static LocalDateTime localTime(String s, int end) {
    if (end < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != ' '
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      throw new DateTimeException("shape");
    }
    return LocalDateTime.of(
        digits(s, 0, 4),
        digits(s, 5, 7),
        digits(s, 8, 10),
        digits(s, 11, 13),
        digits(s, 14, 16),
        digits(s, 17, 19));
  }

  /**
   * A zone abbreviation (letters) or the tz database's numeric one ({@code +09}, {@code -0330}: no
   * colon, so RDS's {@code %t:%r} still splits after it).
   */
  private static int zoneEnd(String s, int from, int end) {
    int i = from;
    if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
      while (i < end && i - from <= 4 && isDigit(s.charAt(i))) {
        i++;
      }
      return i;
    }
    while (i < end
        && i - from <= 6
        && ((s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')
            || (s.charAt(i) >= 'a' && s.charAt(i) <= 'z'))) {
      i++;
    }
    return i;
  }

  private @Nullable ZonedDateTime zoned(LocalDateTime local, String zone) {
    char c = zone.charAt(0);
    if (c == '+' || c == '-') {
      try {
        return local.atOffset(ZoneOffset.of(zone)).toZonedDateTime();
      } catch (DateTimeException e) {
        return null;
      }
    }
    ZoneOffset offset = ABBREVIATIONS.get(zone);
    if (offset != null) {
      return local.atOffset(offset).toZonedDateTime();
    }
    if (logTimezone != null) {
      return ZonedDateTime.ofLocal(local, logTimezone, null);
    }
    return null;
  }

  // ---- helpers ----

  /** {@code 12.345} milliseconds in nanoseconds. */
  static @Nullable Long millisToNanos(String v) {
    int dot = v.indexOf('.');
    String whole = dot < 0 ? v : v.substring(0, dot);
    String frac = dot < 0 ? "" : v.substring(dot + 1);
    if (whole.isEmpty()
        || whole.length() > 12
        || !isAllDigits(whole)
        || !isAllDigits(frac)
        || (dot >= 0 && frac.isEmpty())) {
      return null;
    }
    long nanos = Long.parseLong(whole) * 1_000_000L;
    long scale = 100_000L;
    for (int i = 0; i < frac.length() && scale > 0; i++) {
      nanos += (frac.charAt(i) - '0') * scale;
      scale /= 10;
    }
    return nanos;
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

  private static boolean isAllDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(String s, String t, int from, int end) {
    for (int i = from; i + t.length() <= end; i++) {
      if (s.startsWith(t, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
