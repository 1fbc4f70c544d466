package dev.mimamori.sensors.parse.combined;

import dev.mimamori.model.Event;
import dev.mimamori.model.RecentTexts;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The NCSA {@code combined} and {@code common} formats that nginx and Apache write by default:
 *
 * <pre>{@code %h %l %u [%t] "%r" %>s %b ["%{Referer}i" "%{User-Agent}i"]}</pre>
 *
 * A single left-to-right scan; quoted fields may contain {@code \"} (Apache) and {@code \x22}
 * (nginx) escapes, which are kept as written.
 */
public final class CombinedLogParser implements LogParser {

  public static final String DATASET = "http.access";

  /** Status codes 100 to 599 boxed once: Integer.valueOf keeps only those up to 127. */
  private static final Integer[] STATUSES = new Integer[500];

  static {
    for (int i = 0; i < STATUSES.length; i++) {
      STATUSES[i] = 100 + i;
    }
  }

  private static final int MAX_LINE = 64 * 1024;

  @Override
  public String format() {
    return "combined";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String line = CardMasker.mask(rawLine);
    // Fields are found as positions in the line and copied only when kept: the request line is
    // split in place. An address, path, referrer and user agent come back request after request:
    // one instance of each value seen lately (RecentTexts), so the detection caches find its hash
    // kept and compare it by identity instead of hashing and comparing every character again.
    RecentTexts.OnThread recent = RecentTexts.onThisThread();
    Scanner s = new Scanner(line);
    int hostStart = s.tokenStart();
    int hostEnd = s.pos;
    boolean ident = s.skipToken(); // %l identd, always "-"
    int userStart = ident ? s.tokenStart() : -1;
    int userEnd = s.pos;
    if (hostStart < 0 || userStart < 0) {
      return reject("expected 'host ident user' at the start", ctx);
    }
    int timeStart = s.bracketed();
    if (timeStart < 0) {
      return reject("expected a [time] after the user field", ctx);
    }
    int timeEnd = s.pos - 1;
    long epochSecond = epochSecond(line, timeStart, timeEnd);
    if (epochSecond == BAD_TIME) {
      return reject(
          "bad time '"
              + clip(line.substring(timeStart, timeEnd))
              + "' (expected dd/MMM/yyyy:HH:mm:ss +zzzz)",
          ctx);
    }
    int requestStart = s.quoted();
    if (requestStart < 0) {
      return reject("expected a quoted request line after the time", ctx);
    }
    int requestEnd = s.quotedEnd;
    int statusStart = s.tokenStart();
    int status = statusStart < 0 ? -1 : s.status(statusStart);
    int bytesStart = s.tokenStart();
    if (statusStart < 0 || bytesStart < 0) {
      return reject("expected status and size after the request line", ctx);
    }
    if (status < 100) {
      return reject(
          "bad status '" + clip(line.substring(statusStart, s.end(statusStart))) + "'", ctx);
    }
    long size = s.size(bytesStart);
    if (size < 0) {
      return reject(
          "bad response size '" + clip(line.substring(bytesStart, s.end(bytesStart))) + "'", ctx);
    }
    String referrer = null;
    String agent = null;
    boolean truncatedAgent = false;
    if (!s.atEnd()) {
      int referrerStart = s.quoted();
      int referrerEnd = s.quotedEnd;
      int agentStart = referrerStart < 0 ? -1 : s.quoted();
      if (referrerStart >= 0 && agentStart < 0) {
        // Real logs hold lines cut inside the user agent (a full disk, a crashed writer): keep
        // the event and say so, rather than lose it.
        agentStart = s.unterminatedQuoted();
        truncatedAgent = agentStart >= 0;
      }
      if (referrerStart < 0 || agentStart < 0) {
        return reject("expected quoted referrer and user agent after the size", ctx);
      }
      referrer = text(recent, RecentTexts.OnThread.REFERRER, line, referrerStart, referrerEnd);
      agent = text(recent, RecentTexts.OnThread.USER_AGENT, line, agentStart, s.quotedEnd);
    }
    Request r = Request.split(line, requestStart, requestEnd, recent);
    Map<String, String> extra;
    if (truncatedAgent) {
      extra = new LinkedHashMap<>(4);
      extra.put("mimamori.parse.warning", "user agent not terminated: line cut short");
      if (r.version() != null) {
        extra.put("http.version", r.version());
      }
    } else {
      extra = versionOnly(r.version());
    }
    // The event's constructor directly, not a builder: this runs for every line.
    return new ParseResult.Parsed(
        new Event(
            Instant.ofEpochSecond(epochSecond),
            offsetText(line, timeEnd - 5),
            ctx.tenant(),
            ctx.asset(),
            DATASET,
            line,
            recent.canonical(RecentTexts.OnThread.ADDRESS, line.substring(hostStart, hostEnd)),
            r.method(),
            r.urlOriginal(),
            r.urlPath(),
            r.urlQuery(),
            status < 600 ? STATUSES[status - 100] : Integer.valueOf(status),
            size,
            referrer,
            agent,
            userEnd - userStart == 1 && line.charAt(userStart) == '-'
                ? null
                : line.substring(userStart, userEnd),
            ctx.logFilePath(),
            ctx.logOffset(),
            ctx.lineNumber(),
            extra));
  }

  /**
   * A quoted referrer or user agent as {@link RecentTexts} keeps it, or null for {@code -} and
   * empty.
   */
  private static @Nullable String text(
      RecentTexts.OnThread recent, int field, String line, int start, int end) {
    if (end == start || end - start == 1 && line.charAt(start) == '-') {
      return null;
    }
    return recent.canonical(field, line.substring(start, end));
  }

  /** The parts of a request line ({@code GET /path?query HTTP/1.1}). */
  private record Request(
      @Nullable String method,
      String urlOriginal,
      @Nullable String urlPath,
      @Nullable String urlQuery,
      @Nullable String version) {

    /**
     * The request line {@code line[from, to)} split in place. A path comes back request after
     * request: the target without a query (then the same text) or the path before one is taken as
     * {@link RecentTexts} keeps it; a target with a query varies more and is copied as it is.
     */
    static Request split(String line, int from, int to, RecentTexts.OnThread recent) {
      int sp1 = line.indexOf(' ', from);
      if (sp1 >= to) {
        sp1 = -1;
      }
      int sp2 = line.lastIndexOf(' ', to - 1);
      String method;
      int targetEnd;
      String version = null;
      if (sp1 > from && sp2 > sp1 && to - sp2 - 1 >= 5 && line.startsWith("HTTP/", sp2 + 1)) {
        method = CombinedLogParser.method(line, from, sp1);
        targetEnd = sp2;
        version = CombinedLogParser.version(line, sp2 + 6, to);
      } else if (sp1 > from) {
        method = CombinedLogParser.method(line, from, sp1);
        targetEnd = to;
      } else {
        // Not an HTTP request line (a TLS handshake sent to a plain port, "-", junk): kept as is.
        return new Request(
            null,
            recent.canonical(RecentTexts.OnThread.PATH, line.substring(from, to)),
            null,
            null,
            null);
      }
      int targetStart = sp1 + 1;
      int q = line.indexOf('?', targetStart);
      if (q < 0 || q >= targetEnd) {
        String target =
            recent.canonical(RecentTexts.OnThread.PATH, line.substring(targetStart, targetEnd));
        return new Request(method, target, target, null, version);
      }
      return new Request(
          method,
          line.substring(targetStart, targetEnd),
          recent.canonical(RecentTexts.OnThread.PATH, line.substring(targetStart, q)),
          line.substring(q + 1, targetEnd),
          version);
    }
  }

  private static final String[] COMMON_METHODS = {
    "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"
  };

  /** The method {@code line[from, end)}, without a new string for the common ones. */
  private static String method(String line, int from, int end) {
    for (String m : COMMON_METHODS) {
      if (m.length() == end - from && line.startsWith(m, from)) {
        return m;
      }
    }
    return line.substring(from, end);
  }

  private static final Map<String, String> HTTP_1_1 = Map.of("http.version", "1.1");
  private static final Map<String, String> HTTP_1_0 = Map.of("http.version", "1.0");
  private static final Map<String, String> HTTP_2_0 = Map.of("http.version", "2.0");

  /** The extra fields of a line that has only a version: one map per common version. */
  private static Map<String, String> versionOnly(@Nullable String version) {
    if (version == null) {
      return Map.of();
    }
    return switch (version) {
      case "1.1" -> HTTP_1_1;
      case "1.0" -> HTTP_1_0;
      case "2.0" -> HTTP_2_0;
      default -> Map.of("http.version", version);
    };
  }

  /** The HTTP version {@code line[start, end)}, without a new string for the common ones. */
  private static String version(String line, int start, int end) {
    int len = end - start;
    if (len == 3 && line.startsWith("1.1", start)) {
      return "1.1";
    }
    if (len == 3 && line.startsWith("1.0", start)) {
      return "1.0";
    }
    if (len == 3 && line.startsWith("2.0", start)) {
      return "2.0";
    }
    return line.substring(start, end);
  }

  private static final long BAD_TIME = Long.MIN_VALUE;
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  /** {@code 10/Oct/2000:13:55:36 -0700}, without a formatter: this runs for every line. */
  static Instant parseTime(String t) {
    long s = epochSecond(t, 0, t.length());
    if (s == BAD_TIME) {
      throw new DateTimeException("expected dd/MMM/yyyy:HH:mm:ss +zzzz: " + t);
    }
    return Instant.ofEpochSecond(s);
  }

  /**
   * The UTC epoch second of the time written in {@code t[from, to)}, or {@link #BAD_TIME}. Reads
   * the digits in place: no substrings, no date-time objects.
   */
  static long epochSecond(String t, int from, int to) {
    if (to - from != 26
        || t.charAt(from + 2) != '/'
        || t.charAt(from + 6) != '/'
        || t.charAt(from + 11) != ':'
        || t.charAt(from + 14) != ':'
        || t.charAt(from + 17) != ':'
        || t.charAt(from + 20) != ' ') {
      return BAD_TIME;
    }
    int day = twoDigits(t, from);
    int month = month(t, from + 3);
    int century = twoDigits(t, from + 7);
    int yy = twoDigits(t, from + 9);
    int year = century < 0 || yy < 0 ? -1 : century * 100 + yy;
    int hour = twoDigits(t, from + 12);
    int min = twoDigits(t, from + 15);
    int sec = twoDigits(t, from + 18);
    char sign = t.charAt(from + 21);
    int oh = twoDigits(t, from + 22);
    int om = twoDigits(t, from + 24);
    if (day < 1 || month == 0 || year < 0 || hour < 0 || hour > 23 || min < 0 || min > 59) {
      return BAD_TIME;
    }
    if (sec < 0 || sec > 59 || oh < 0 || om < 0 || (sign != '+' && sign != '-')) {
      return BAD_TIME;
    }
    boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > DAYS_IN_MONTH[month - 1] + (month == 2 && leap ? 1 : 0)) {
      return BAD_TIME;
    }
    int offset = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    if (offset > 18 * 3600 || offset < -18 * 3600) {
      return BAD_TIME;
    }
    return epochDay(year, month, day) * 86_400L + hour * 3600L + min * 60L + sec - offset;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (as {@code LocalDate.toEpochDay}). */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      if (!leap) {
        total--;
      }
    }
    return total - 719_528L;
  }

  private static int twoDigits(String t, int at) {
    int a = t.charAt(at) - '0';
    int b = t.charAt(at + 1) - '0';
    return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
  }

  private static int month(String t, int at) {
    char a = t.charAt(at);
    char b = t.charAt(at + 1);
    char c = t.charAt(at + 2);
    for (int i = 0; i < 12; i++) {
      String m = MONTHS[i];
      if (m.charAt(0) == a && m.charAt(1) == b && m.charAt(2) == c) {
        return i + 1;
      }
    }
    return 0;
  }

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** {@code +09:00} texts, by sign and {@code hhmm}: shops write one or two zones. */
  private static final String[] OFFSET_TEXT = new String[2 * 10_000];

  /** The zone {@code +0900} at {@code at}, as {@code +09:00}; validated already. */
  private static String offsetText(String line, int at) {
    int hhmm = twoDigits(line, at + 1) * 100 + twoDigits(line, at + 3);
    int slot = (line.charAt(at) == '-' ? 10_000 : 0) + hhmm;
    String cached = OFFSET_TEXT[slot];
    if (cached == null) {
      cached = line.substring(at, at + 3) + ":" + line.substring(at + 3, at + 5);
      OFFSET_TEXT[slot] = cached; // a benign race: every thread computes the same text
    }
    return cached;
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }

  /** Splits a line into space-separated tokens, [bracketed] and "quoted" fields. */
  private static final class Scanner {
    private final String s;
    private final int n;
    private int pos;

    Scanner(String s) {
      this.s = s;
      this.n = s.length();
    }

    boolean atEnd() {
      skipSpaces();
      return pos >= n;
    }

    private void skipSpaces() {
      while (pos < n && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    /** Where the token at {@code start} ends. */
    int end(int start) {
      int e = s.indexOf(' ', start);
      return e < 0 ? n : e;
    }

    /** Skips to past the next token; returns its start, or -1 when there is none. */
    int tokenStart() {
      skipSpaces();
      if (pos >= n) {
        return -1;
      }
      int start = pos;
      pos = end(start);
      return start;
    }

    boolean skipToken() {
      return tokenStart() >= 0;
    }

    /** A status code of three digits at {@code start}, or -1. */
    int status(int start) {
      int e = end(start);
      if (e - start != 3) {
        return -1;
      }
      int v = 0;
      for (int i = start; i < e; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          return -1;
        }
        v = v * 10 + d;
      }
      return v;
    }

    /** A byte count at {@code start} ({@code -} is 0), or -1. */
    long size(int start) {
      int e = end(start);
      if (e - start == 1 && s.charAt(start) == '-') {
        return 0;
      }
      if (e - start > 18) {
        return -1;
      }
      long v = 0;
      for (int i = start; i < e; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          return -1;
        }
        v = v * 10 + d;
      }
      return v;
    }

    /** Skips a [bracketed] field; returns the start of its content, or -1. */
    int bracketed() {
      skipSpaces();
      if (pos >= n || s.charAt(pos) != '[') {
        return -1;
      }
      int end = s.indexOf(']', pos + 1);
      if (end < 0) {
        return -1;
      }
      int start = pos + 1;
      pos = end + 1;
      return start;
    }

    /** Where the field {@link #quoted} or {@link #unterminatedQuoted} found last ends. */
    int quotedEnd;

    /**
     * A {@code "}-opened field running to the end of the line with no closing quote: the start of
     * its content, or -1.
     */
    int unterminatedQuoted() {
      skipSpaces();
      if (pos >= n || s.charAt(pos) != '"') {
        return -1;
      }
      int start = pos + 1;
      pos = n;
      quotedEnd = n;
      return start;
    }

    /** A quoted field: the start of its content ({@link #quotedEnd} its end), or -1. */
    int quoted() {
      skipSpaces();
      if (pos >= n || s.charAt(pos) != '"') {
        return -1;
      }
      int i = pos + 1;
      while (true) {
        int q = s.indexOf('"', i);
        if (q < 0) {
          return -1;
        }
        // A quote after an odd number of backslashes is escaped (Apache's \").
        int slashes = 0;
        for (int k = q - 1; k > pos && s.charAt(k) == '\\'; k--) {
          slashes++;
        }
        if ((slashes & 1) == 0) {
          int start = pos + 1;
          quotedEnd = q;
          pos = q + 1;
          return start;
        }
        i = q + 1;
      }
    }
  }
}
