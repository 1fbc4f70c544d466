package dev.mimamori.sensors.parse.php;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * PHP's {@code error_log} file and the PHP-FPM master log, one event per line.
 *
 * <p>{@code error_log} ({@code php_log_err_with_severity} in {@code main/main.c}): each entry is
 * {@code "[" + date("d-M-Y H:i:s e") + "] " + message}, the zone written as PHP's timezone
 * identifier ({@code UTC}, {@code Asia/Tokyo}); PHP's own errors are {@code "PHP %s: %s in %s on
 * line %d"} (two spaces) with the types {@code Fatal error}, {@code Recoverable fatal error}
 * ({@code Catchable fatal error} before PHP 7), {@code Warning}, {@code Parse error}, {@code
 * Notice}, {@code Strict Standards}, {@code Deprecated}, {@code Unknown error}. Xdebug adds {@code
 * PHP Stack trace:} and {@code PHP 1. {main}() /path/file.php:0} entries, each with its own
 * timestamp: they are events of their own, without a level. A message with line breaks (an uncaught
 * exception's {@code Stack trace:}, {@code #0 ...}, {@code thrown in ...}) continues on lines
 * without a timestamp: the file reader joins them onto the error ({@link #continues}) and the whole
 * trace is one event; read on their own they are rejected with a reason that says so.
 *
 * <p>PHP-FPM ({@code sapi/fpm/fpm/zlog.c}): {@code "[" + strftime("%d-%b-%Y %H:%M:%S") + "] "}
 * (with {@code .uuuuuu} when {@code log_level = debug}), then {@code NOTICE: }, {@code WARNING: },
 * {@code ERROR: }, {@code ALERT: } or {@code DEBUG: }. The time has no zone: it is read in the zone
 * given to the constructor (by default Asia/Tokyo), whose id goes to {@code event.timezone}. A
 * worker's output is {@code [pool www] child 123 said into stderr: "..."} ({@code fpm_stdio.c}),
 * and the PHP error inside it, {@code NOTICE: PHP message: PHP Warning: ...}, is parsed like an
 * {@code error_log} entry; its level wins over FPM's, which stays in {@code php.fpm.level}.
 */
public final class PhpErrorLogParser implements LogParser {

  public static final String DATASET = "php.error";

  /** The zone for PHP-FPM's times, which carry none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");

  static final int MAX_LINE = 64 * 1024;
  private static final int MAX_ZONE = 64;
  private static final int MAX_POOL = 128;

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** PHP's error type names ({@code php_error_cb}) and the {@code log.level} each becomes. */
  private static final String[][] TYPES = {
    {"Fatal error", "fatal"},
    {"Recoverable fatal error", "error"},
    {"Catchable fatal error", "error"},
    {"Parse error", "parse"},
    {"Warning", "warning"},
    {"Notice", "notice"},
    {"Strict Standards", "strict"},
    {"Deprecated", "deprecated"},
    {"Unknown error", "error"},
  };

  private static final String[] FPM_LEVELS = {"DEBUG", "NOTICE", "WARNING", "ERROR", "ALERT"};

  private final ZoneId fpmZone;

  /** Reads PHP-FPM's zone-less times in {@link #DEFAULT_ZONE}. */
  public PhpErrorLogParser() {
    this(DEFAULT_ZONE);
  }

  /** Reads PHP-FPM's zone-less times in the server's zone. */
  public PhpErrorLogParser(ZoneId fpmZone) {
    this.fpmZone = Objects.requireNonNull(fpmZone, "fpmZone");
  }

  @Override
  public String format() {
    return "php-error";
  }

  @Override
  public boolean multiline() {
    return true;
  }

  /** An uncaught exception's {@code Stack trace:}, {@code #0 ...}, {@code thrown in} lines. */
  @Override
  public boolean continues(String first, int lines, String line) {
    return first.startsWith("[") && !line.startsWith("[");
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
    if (line.charAt(0) != '[') {
      return reject(
          isContinuation(line, end)
              ? "continuation of a multi-line PHP message: it has no timestamp of its own"
              : "expected '[dd-Mon-yyyy HH:MM:SS' at the start",
          ctx);
    }
    LocalDateTime local;
    try {
      local = parseLocal(line, 1, end);
    } catch (DateTimeException e) {
      return reject(
          "bad time '"
              + clip(line.substring(1, Math.min(end, 21)))
              + "' (expected dd-Mon-yyyy HH:MM:SS)",
          ctx);
    }
    int p = 21;
    if (p < end && line.charAt(p) == '.') {
      int start = ++p;
      int nanos = 0;
      while (p < end && p - start < 9 && isDigit(line.charAt(p))) {
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
    if (p >= end) {
      return reject("expected ']' or a time zone after the time", ctx);
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
            .extra("event.kind", "event");
    char c = line.charAt(p);
    if (c == ']') {
      b.timestamp(local.atZone(fpmZone).toInstant()).originalOffset(fpmZone.getId());
      return fpm(line, skipOneSpace(line, p + 1, end), end, b, ctx);
    }
    if (c != ' ') {
      return reject("expected ']' or a time zone after the time", ctx);
    }
    int close = indexOf(line, ']', p + 1, Math.min(end, p + 2 + MAX_ZONE));
    if (close < 0) {
      return reject("expected 'zone]' after the time", ctx);
    }
    String zoneName = line.substring(p + 1, close);
    ZoneId zone = zone(zoneName);
    if (zone == null) {
      return reject("unknown time zone '" + clip(zoneName) + "'", ctx);
    }
    b.timestamp(local.atZone(zone).toInstant()).originalOffset(zoneName);
    phpMessage(line.substring(skipOneSpace(line, close + 1, end), end), b);
    return new ParseResult.Parsed(b.build());
  }

  /** {@code LEVEL: text}, where text may be a worker's output holding a PHP message. */
  private static ParseResult fpm(String line, int p, int end, Event.Builder b, LineContext ctx) {
    @Nullable String level = null;
    for (String l : FPM_LEVELS) {
      if (line.startsWith(l, p) && line.startsWith(": ", p + l.length())) {
        level = l;
        break;
      }
    }
    if (level == null) {
      return reject("expected 'NOTICE: ', 'WARNING: ', 'ERROR: ', 'ALERT: ' or 'DEBUG: '", ctx);
    }
    String fpmLevel = level.toLowerCase(Locale.ROOT);
    b.extra("log.level", fpmLevel).extra("php.fpm.level", fpmLevel);
    String text = line.substring(p + level.length() + 2, end);
    int q = 0;
    if (text.startsWith("[pool ")) {
      int close = indexOf(text, ']', 6, Math.min(text.length(), 6 + MAX_POOL));
      if (close < 0) {
        return reject("expected '[pool name]'", ctx);
      }
      b.extra("php.fpm.pool", text.substring(6, close));
      q = skipOneSpace(text, close + 1, text.length());
    }
    if (text.startsWith("child ", q)) {
      int d = q + 6;
      int digitsEnd = digitsEnd(text, d);
      if (digitsEnd > d && digitsEnd - d <= 10) {
        b.extra("process.pid", text.substring(d, digitsEnd));
        String said = " said into ";
        if (text.startsWith(said, digitsEnd)) {
          worker(text, digitsEnd + said.length(), b);
          return new ParseResult.Parsed(b.build());
        }
      }
    } else if (text.startsWith("fpm is running, pid ")) {
      int d = "fpm is running, pid ".length();
      int digitsEnd = digitsEnd(text, d);
      if (digitsEnd > d && digitsEnd - d <= 10) {
        b.extra("process.pid", text.substring(d, digitsEnd));
      }
    } else if (q == 0 && text.startsWith("PHP message: ")) {
      phpMessage(text.substring("PHP message: ".length()), b);
      return new ParseResult.Parsed(b.build());
    }
    b.extra("message", text);
    return new ParseResult.Parsed(b.build());
  }

  /** {@code stderr: "NOTICE: PHP message: PHP Warning: ..."} with an optional end marker. */
  private static void worker(String text, int at, Event.Builder b) {
    int colon = text.indexOf(": ", at);
    String stream = colon < 0 ? "" : text.substring(at, colon);
    if (!stream.equals("stderr") && !stream.equals("stdout")) {
      b.extra("message", text);
      return;
    }
    b.extra("php.fpm.stream", stream);
    String rest = text.substring(colon + 2);
    String content;
    String closed = "\", pipe is closed";
    if (rest.startsWith("\"") && rest.endsWith(closed) && rest.length() >= closed.length() + 1) {
      content = rest.substring(1, rest.length() - closed.length());
    } else if (rest.startsWith("\"") && rest.endsWith("\"") && rest.length() >= 2) {
      content = rest.substring(1, rest.length() - 1);
    } else if (rest.startsWith("\"")) {
      content = rest.substring(1); // cut at FPM's log_limit, or wrapped onto the next line
      b.extra("mimamori.parse.warning", "worker output not closed by a quote: line cut short");
    } else {
      content = rest; // decorate_workers_output = no
    }
    // The worker's own zlog prefix ("NOTICE: ") and sapi_fpm_log_message's "PHP message: ".
    for (String l : FPM_LEVELS) {
      if (content.startsWith(l) && content.startsWith(": ", l.length())) {
        content = content.substring(l.length() + 2);
        break;
      }
    }
    if (content.startsWith("PHP message: ")) {
      content = content.substring("PHP message: ".length());
    }
    phpMessage(content, b);
  }

  /** An {@code error_log} message: a PHP error, an Xdebug stack line, or the application's text. */
  private static void phpMessage(String m, Event.Builder b) {
    if (m.startsWith("PHP Stack trace:")) {
      b.extra("message", m);
      return;
    }
    if (m.startsWith("PHP ")) {
      int k = 4;
      while (k < m.length() && m.charAt(k) == ' ') {
        k++;
      }
      int d = digitsEnd(m, k);
      if (d > k && d - k <= 6 && m.startsWith(". ", d)) {
        b.extra("message", m).extra("php.stack.frame", m.substring(k, d));
        int call = m.lastIndexOf(") ");
        if (call > d) {
          location(m.substring(call + 2), b);
        }
        return;
      }
      for (String[] t : TYPES) {
        if (m.startsWith(t[0], 4) && m.startsWith(":", 4 + t[0].length())) {
          b.extra("log.level", t[1]).extra("error.type", "PHP " + t[0]);
          int s = 5 + t[0].length();
          while (s < m.length() && m.charAt(s) == ' ') {
            s++;
          }
          String text = m.substring(s);
          b.extra("message", text);
          errorLocation(text, b);
          return;
        }
      }
    }
    b.extra("message", m);
  }

  /** {@code ... in /path/file.php on line 12}, or PHP 8's {@code Uncaught ... in /path:12}. */
  private static void errorLocation(String text, Event.Builder b) {
    String onLine = " on line ";
    int at = text.lastIndexOf(onLine);
    if (at > 0 && digitsEnd(text, at + onLine.length()) == text.length()) {
      int in = text.lastIndexOf(" in ", at);
      if (in >= 0) {
        b.extra("error.message", text.substring(0, in));
        String file = text.substring(in + 4, at);
        String lineNo = text.substring(at + onLine.length());
        if (!file.equals("Unknown") && !file.isEmpty()) {
          b.extra("file.path", file);
          if (lineNo.length() <= 9) {
            b.extra("log.origin.file.line", lineNo);
          }
        }
      }
      return;
    }
    if (text.startsWith("Uncaught ")) {
      int in = text.lastIndexOf(" in ");
      if (in > 0) {
        b.extra("error.message", text.substring(0, in));
        location(text.substring(in + 4), b);
      }
    }
  }

  /** {@code /path/file.php:12}. */
  private static void location(String v, Event.Builder b) {
    int colon = v.lastIndexOf(':');
    if (colon > 0 && colon + 1 < v.length() && digitsEnd(v, colon + 1) == v.length()) {
      b.extra("file.path", v.substring(0, colon));
      if (v.length() - colon - 1 <= 9) {
        b.extra("log.origin.file.line", v.substring(colon + 1));
      }
    }
  }

  /** {@code dd-Mon-yyyy HH:MM:SS} at {@code at}. */
  static LocalDateTime parseLocal(String s, int at, int end) {
    if (at + 20 > end
        || s.charAt(at + 2) != '-'
        || s.charAt(at + 6) != '-'
        || s.charAt(at + 11) != ' '
        || s.charAt(at + 14) != ':'
        || s.charAt(at + 17) != ':') {
      throw new DateTimeException("shape");
    }
    int day = digits(s, at, at + 2);
    int month = 0;
    for (int i = 0; i < MONTHS.length; i++) {
      if (s.startsWith(MONTHS[i], at + 3)) {
        month = i + 1;
      }
    }
    if (month == 0) {
      throw new DateTimeException("month");
    }
    int year = digits(s, at + 7, at + 11);
    int hour = digits(s, at + 12, at + 14);
    int min = digits(s, at + 15, at + 17);
    int sec = digits(s, at + 18, at + 20);
    return LocalDateTime.of(year, month, day, hour, min, sec);
  }

  /** PHP's {@code e}: an identifier such as {@code UTC} or {@code Asia/Tokyo}, or an offset. */
  private static @Nullable ZoneId zone(String name) {
    if (name.isEmpty()) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || isDigit(c)
              || c == '/'
              || c == '_'
              || c == '-'
              || c == '+'
              || c == ':';
      if (!ok) {
        return null;
      }
    }
    try {
      return ZoneId.of(name, ZoneId.SHORT_IDS);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * Lines that continue a multi-line message: {@code Stack trace:}, {@code #0 ...}, {@code thrown
   * in}.
   */
  private static boolean isContinuation(String line, int end) {
    String t = line.substring(0, Math.min(end, 40)).stripLeading();
    return t.startsWith("Stack trace:")
        || t.startsWith("thrown in ")
        || t.startsWith("Next ")
        || (t.startsWith("#") && t.length() > 1 && isDigit(t.charAt(1)))
        || t.startsWith("PHP ");
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

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipOneSpace(String s, int i, int end) {
    return i < end && s.charAt(i) == ' ' ? i + 1 : i;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
