package dev.mimamori.sensors.parse.combined;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
    Scanner s = new Scanner(line);
    String host = s.token();
    s.token(); // %l identd, always "-"
    String user = s.token();
    if (host == null || user == null) {
      return reject("expected 'host ident user' at the start", ctx);
    }
    String time = s.bracketed();
    if (time == null) {
      return reject("expected a [time] after the user field", ctx);
    }
    Instant ts;
    String offset;
    try {
      ts = parseTime(time);
      offset =
          time.substring(time.length() - 5, time.length() - 2)
              + ":"
              + time.substring(time.length() - 2);
    } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
      return reject("bad time '" + clip(time) + "' (expected dd/MMM/yyyy:HH:mm:ss +zzzz)", ctx);
    }
    String request = s.quoted();
    if (request == null) {
      return reject("expected a quoted request line after the time", ctx);
    }
    String status = s.token();
    String bytes = s.token();
    if (status == null || bytes == null) {
      return reject("expected status and size after the request line", ctx);
    }
    Integer statusCode = parseIntOrNull(status);
    if (statusCode == null || statusCode < 100 || statusCode > 999) {
      return reject("bad status '" + clip(status) + "'", ctx);
    }
    Long size = "-".equals(bytes) ? Long.valueOf(0) : parseLongOrNull(bytes);
    if (size == null) {
      return reject("bad response size '" + clip(bytes) + "'", ctx);
    }
    String referrer = null;
    String agent = null;
    boolean truncatedAgent = false;
    if (!s.atEnd()) {
      referrer = s.quoted();
      agent = referrer == null ? null : s.quoted();
      if (referrer != null && agent == null) {
        // Real logs hold lines cut inside the user agent (a full disk, a crashed writer): keep
        // the event and say so, rather than lose it.
        agent = s.unterminatedQuoted();
        truncatedAgent = agent != null;
      }
      if (referrer == null || agent == null) {
        return reject("expected quoted referrer and user agent after the size", ctx);
      }
    }
    Event.Builder b =
        Event.builder()
            .timestamp(ts)
            .originalOffset(offset)
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .sourceIp(host)
            .statusCode(statusCode)
            .responseBytes(size)
            .referrer(dashToNull(referrer))
            .userAgent(dashToNull(agent))
            .userName(dashToNull(user))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    if (truncatedAgent) {
      b.extra("mimamori.parse.warning", "user agent not terminated: line cut short");
    }
    splitRequest(request, b);
    return new ParseResult.Parsed(b.build());
  }

  private static void splitRequest(String request, Event.Builder b) {
    int sp1 = request.indexOf(' ');
    int sp2 = request.lastIndexOf(' ');
    String target;
    if (sp1 > 0 && sp2 > sp1 && request.startsWith("HTTP/", sp2 + 1)) {
      b.method(request.substring(0, sp1));
      target = request.substring(sp1 + 1, sp2);
      b.extra("http.version", request.substring(sp2 + 6));
    } else if (sp1 > 0) {
      b.method(request.substring(0, sp1));
      target = request.substring(sp1 + 1);
    } else {
      // Not an HTTP request line (a TLS handshake sent to a plain port, "-", junk): keep it as is.
      b.urlOriginal(request);
      return;
    }
    b.urlOriginal(target);
    int q = target.indexOf('?');
    if (q >= 0) {
      b.urlPath(target.substring(0, q));
      b.urlQuery(target.substring(q + 1));
    } else {
      b.urlPath(target);
    }
  }

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** {@code 10/Oct/2000:13:55:36 -0700}, without a formatter: this runs for every line. */
  static Instant parseTime(String t) {
    if (t.length() != 26 || t.charAt(2) != '/' || t.charAt(6) != '/' || t.charAt(11) != ':') {
      throw new DateTimeException("shape");
    }
    int day = Integer.parseInt(t.substring(0, 2));
    String mon = t.substring(3, 6);
    int month = 0;
    for (int i = 0; i < 12; i++) {
      if (MONTHS[i].equals(mon)) {
        month = i + 1;
      }
    }
    if (month == 0) {
      throw new DateTimeException("month");
    }
    int year = Integer.parseInt(t.substring(7, 11));
    int hour = Integer.parseInt(t.substring(12, 14));
    int min = Integer.parseInt(t.substring(15, 17));
    int sec = Integer.parseInt(t.substring(18, 20));
    char sign = t.charAt(21);
    if (t.charAt(20) != ' ' || (sign != '+' && sign != '-')) {
      throw new DateTimeException("zone");
    }
    int oh = Integer.parseInt(t.substring(22, 24));
    int om = Integer.parseInt(t.substring(24, 26));
    int total = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    return LocalDateTime.of(year, month, day, hour, min, sec)
        .toInstant(ZoneOffset.ofTotalSeconds(total));
  }

  private static @Nullable String dashToNull(@Nullable String v) {
    return v == null || v.equals("-") || v.isEmpty() ? null : v;
  }

  private static @Nullable Integer parseIntOrNull(String v) {
    if (v.isEmpty() || v.length() > 3) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return null;
      }
    }
    return Integer.parseInt(v);
  }

  private static @Nullable Long parseLongOrNull(String v) {
    if (v.isEmpty() || v.length() > 18) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(v);
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
    private int pos;

    Scanner(String s) {
      this.s = s;
    }

    boolean atEnd() {
      skipSpaces();
      return pos >= s.length();
    }

    private void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    @Nullable String token() {
      skipSpaces();
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ' ') {
        pos++;
      }
      return pos > start ? s.substring(start, pos) : null;
    }

    @Nullable String bracketed() {
      skipSpaces();
      if (pos >= s.length() || s.charAt(pos) != '[') {
        return null;
      }
      int end = s.indexOf(']', pos + 1);
      if (end < 0) {
        return null;
      }
      String v = s.substring(pos + 1, end);
      pos = end + 1;
      return v;
    }

    /** A {@code "}-opened field running to the end of the line with no closing quote. */
    @Nullable String unterminatedQuoted() {
      skipSpaces();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        return null;
      }
      String v = s.substring(pos + 1);
      pos = s.length();
      return v;
    }

    @Nullable String quoted() {
      skipSpaces();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        return null;
      }
      int i = pos + 1;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          i += 2;
          continue;
        }
        if (c == '"') {
          String v = s.substring(pos + 1, i);
          pos = i + 1;
          return v;
        }
        i++;
      }
      return null;
    }
  }
}
