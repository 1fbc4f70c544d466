package dev.mimamori.sensors.parse.eccube;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The application log of EC-CUBE 4 ({@code var/log/<env>/site-YYYY-MM-DD.log}, {@code front-*.log},
 * {@code admin-*.log}: Monolog {@code rotating_file} handlers in {@code
 * app/config/eccube/packages/prod/monolog.yml}). Every handler uses the {@code
 * eccube.log.formatter.line} service of {@code app/config/eccube/services.yaml}, a Monolog {@code
 * LineFormatter} with this format (the same in 4.0, 4.1, 4.2 and 4.3):
 *
 * <pre>{@code
 * [%datetime%] %channel%.%level_name% [%extra.session_id%] [%extra.uid%] [%extra.user_id%]
 * [%extra.class%:%extra.function%:%extra.line%] - %message% %context%
 * [%extra.http_method%, %extra.url%, %extra.ip%, %extra.referrer%, %extra.user_agent%]
 * }</pre>
 *
 * (one line). The processors fill the extras: {@code Eccube\Log\Processor\SessionProcessor} the
 * first 8 hex digits of sha1(session id) or {@code N/A}; Monolog's {@code UidProcessor} a 7-digit
 * per-request id; {@code Eccube\Log\Processor\TokenProcessor} the logged-in customer's or member's
 * numeric id ({@code N/A} without a token, {@code anon.} for Symfony's anonymous token); Monolog's
 * {@code IntrospectionProcessor} the calling class, function and line; Symfony's {@code
 * WebProcessor} REQUEST_METHOD, REQUEST_URI, the client IP ({@code Request::getClientIp()}),
 * HTTP_REFERER and HTTP_USER_AGENT. A missing value prints as {@code NULL}; outside a request
 * (console) the whole block prints as {@code [, , , , ]}. {@code %context%} is JSON ({@code []}
 * when empty).
 *
 * <p>The datetime is {@code Y-m-d H:i:s} without a zone in 4.0 and 4.1 (Monolog 1), {@code
 * Y-m-d\TH:i:s.uP} in 4.2 and later (Monolog 2): lines without an offset are read in the zone given
 * to the constructor, by default EC-CUBE's default {@code ECCUBE_TIMEZONE}, Asia/Tokyo, and that
 * zone's id goes to {@code event.timezone}.
 *
 * <p>{@code Eccube\EventListener\LogListener} logs {@code INIT}, {@code PROCESS START [route]},
 * {@code LOGIC START}, {@code LOGIC END} and {@code PROCESS END} for each request (INFO in 4.0 and
 * 4.1, DEBUG in 4.2+, so with the prod {@code fingers_crossed} handlers 4.2 writes them only for
 * requests that hit an error); these get {@code event.action} and {@code eccube.route}.
 *
 * <p>All lines go to one dataset, {@value #DATASET}, with the channel in {@code log.logger}: since
 * 4.1 the listener logs on the {@code app} channel, which prod sends to front.log, admin.log and
 * site.log alike, so a per-channel dataset would not tell the admin screen from the shop front; use
 * {@code url.path} (and {@code log.file.path}) for that.
 *
 * <p>The message and the user agent are free text that may hold {@code [}, {@code ]} and {@code ,
 * }: the parser finds the last block as the first {@code " [METHOD, "} that follows a JSON context
 * it can verify, trying at most a few candidates, so the work stays linear in the line.
 */
public final class EccubeLogParser implements LogParser {

  /** The one dataset of this parser; the channel is in {@code log.logger}. */
  public static final String DATASET = "eccube.app";

  /** EC-CUBE's default {@code ECCUBE_TIMEZONE}, for lines written without an offset. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");

  static final int MAX_LINE = 64 * 1024;
  private static final int MAX_CONTEXT_ATTEMPTS = 8;
  private static final int MAX_METHOD = 20;
  private static final Set<String> LEVELS =
      Set.of("DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY");

  private final ZoneId zoneWithoutOffset;

  /** Reads times without an offset (EC-CUBE 4.0/4.1) in {@link #DEFAULT_ZONE}. */
  public EccubeLogParser() {
    this(DEFAULT_ZONE);
  }

  /** Reads times without an offset (EC-CUBE 4.0/4.1) in the shop's {@code ECCUBE_TIMEZONE}. */
  public EccubeLogParser(ZoneId zoneWithoutOffset) {
    this.zoneWithoutOffset = Objects.requireNonNull(zoneWithoutOffset, "zoneWithoutOffset");
  }

  @Override
  public String format() {
    return "eccube";
  }

  @Override
  public boolean multiline() {
    return true;
  }

  /** A message or an exception with line breaks continues on lines without a {@code [time]}. */
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
    if (end == 0 || line.charAt(0) != '[') {
      return reject("expected '[datetime]' at the start", ctx);
    }
    int close = indexOf(line, ']', 1, Math.min(end, 48));
    if (close < 0) {
      return reject("expected ']' after the datetime", ctx);
    }
    String time = line.substring(1, close);
    Instant ts;
    String zone;
    try {
      ts = parseTime(time, zoneWithoutOffset);
      zone = zoneOf(time, zoneWithoutOffset);
    } catch (DateTimeException e) {
      return reject(
          "bad datetime '"
              + clip(time)
              + "' (expected yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss.uuuuuu+hh:mm)",
          ctx);
    }

    int p = skipSpaces(line, close + 1, end);
    int tokenEnd = indexOf(line, ' ', p, end);
    int dot = tokenEnd < 0 ? -1 : line.lastIndexOf('.', tokenEnd - 1);
    if (p == close + 1 || tokenEnd < 0 || dot <= p) {
      return reject("expected 'channel.LEVEL' after the datetime", ctx);
    }
    String channel = line.substring(p, dot);
    String level = line.substring(dot + 1, tokenEnd);
    if (!LEVELS.contains(level)) {
      return reject("unknown level '" + clip(level) + "'", ctx);
    }
    if (!isChannel(channel)) {
      return reject("bad channel '" + clip(channel) + "'", ctx);
    }

    String[] fields = new String[4];
    p = tokenEnd;
    for (int f = 0; f < fields.length; f++) {
      p = skipSpaces(line, p, end);
      int c = p < end && line.charAt(p) == '[' ? indexOf(line, ']', p + 1, end) : -1;
      if (c < 0) {
        return reject(
            "expected [session id] [uid] [user id] [class:function:line] after the level", ctx);
      }
      fields[f] = line.substring(p + 1, c);
      p = c + 1;
    }
    p = skipSpaces(line, p, end);
    if (p >= end || line.charAt(p) != '-') {
      return reject("expected ' - ' before the message", ctx);
    }
    p++;
    if (p < end && line.charAt(p) == ' ') {
      p++;
    }
    if (line.charAt(end - 1) != ']' || p >= end) {
      return reject("expected the [method, url, ip, referrer, user agent] block at the end", ctx);
    }
    @Nullable Tail tail = splitTail(line, p, end);
    if (tail == null) {
      return reject("expected the [method, url, ip, referrer, user agent] block at the end", ctx);
    }

    String message = line.substring(p, tail.messageEnd());
    Event.Builder b =
        Event.builder()
            .timestamp(ts)
            .originalOffset(zone)
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber())
            .extra("event.kind", "event")
            .extra("log.level", level.toLowerCase(Locale.ROOT))
            .extra("log.logger", channel)
            .extra("message", message);
    putIds(fields, b);
    putWeb(line, tail.webStart() + 1, end - 1, b);

    @Nullable String context =
        tail.contextStart() < 0 ? null : line.substring(tail.contextStart(), tail.contextEnd());
    if (context == null) {
      b.extra("mimamori.parse.warning", "context JSON not recognised: kept in the message");
    } else if (!context.equals("[]") && !context.equals("{}") && !context.equals("null")) {
      b.extra("eccube.context", context);
    }
    @Nullable String action = action(message.strip());
    if (action != null) {
      b.extra("event.action", action);
      @Nullable String route = context == null ? null : singleString(context);
      if (route != null && !action.equals("init")) {
        b.extra("eccube.route", route);
      }
    }
    @Nullable String exceptionClass = context == null ? null : exceptionClass(context);
    if (exceptionClass != null) {
      b.extra("error.type", exceptionClass);
    }
    return new ParseResult.Parsed(b.build());
  }

  /** Where the message ends, where the JSON context is (-1 if unknown) and where {@code [} is. */
  private record Tail(int messageEnd, int contextStart, int contextEnd, int webStart) {}

  private static @Nullable Tail splitTail(String line, int ms, int end) {
    int attempts = 0;
    int firstCandidate = -1;
    int from = ms;
    while (true) {
      int i = line.indexOf(" [", from);
      if (i < 0 || i + 1 >= end) {
        break;
      }
      from = i + 1;
      int bracket = i + 1;
      if (!webBlockStarts(line, bracket + 1, end)) {
        continue;
      }
      if (firstCandidate < 0) {
        firstCandidate = bracket;
      }
      int ce = i;
      while (ce > ms && line.charAt(ce - 1) == ' ') {
        ce--;
      }
      if (ce <= ms) {
        continue;
      }
      char last = line.charAt(ce - 1);
      int cs = -1;
      if (last == ']' || last == '}') {
        if (attempts++ >= MAX_CONTEXT_ATTEMPTS) {
          break;
        }
        cs = JsonText.startOfContainerEndingAt(line, ms, ce - 1);
        if (cs >= 0 && !JsonText.isValue(line, cs, ce)) {
          cs = -1;
        }
      } else if (ce - 4 >= ms && line.startsWith("null", ce - 4)) {
        cs = ce - 4; // Monolog 1 writes 'null' when json_encode fails
      }
      if (cs < 0 || (cs > ms && line.charAt(cs - 1) != ' ')) {
        continue;
      }
      return new Tail(trimEnd(line, ms, cs), cs, ce, bracket);
    }
    if (firstCandidate >= 0) {
      return new Tail(trimEnd(line, ms, firstCandidate), -1, -1, firstCandidate);
    }
    return null;
  }

  /** {@code [} is followed by an upper-case method (empty outside a request) and {@code ", "}. */
  private static boolean webBlockStarts(String line, int at, int end) {
    int k = at;
    while (k < end && k - at <= MAX_METHOD && line.charAt(k) >= 'A' && line.charAt(k) <= 'Z') {
      k++;
    }
    return k + 2 <= end && line.charAt(k) == ',' && line.charAt(k + 1) == ' ';
  }

  /** {@code method, url, ip, referrer, user agent}: the agent is last and may hold {@code ", "}. */
  private static void putWeb(String line, int from, int to, Event.Builder b) {
    @Nullable String[] parts = new String[5];
    int p = from;
    for (int k = 0; k < 4; k++) {
      int sep = line.indexOf(", ", p);
      if (sep < 0 || sep > to - 2) {
        sep = -1;
      }
      if (sep < 0) {
        parts[k] = line.substring(p, to);
        p = to;
        break;
      }
      parts[k] = line.substring(p, sep);
      p = sep + 2;
    }
    if (p < to && parts[3] != null) {
      parts[4] = line.substring(p, to);
    }
    @Nullable String method = value(parts[0]);
    @Nullable String url = value(parts[1]);
    @Nullable String ip = value(parts[2]);
    b.method(method);
    if (url != null) {
      b.urlOriginal(url);
      int q = url.indexOf('?');
      b.urlPath(q >= 0 ? url.substring(0, q) : url);
      b.urlQuery(q >= 0 ? url.substring(q + 1) : null);
    }
    if (ip != null && isIpLike(ip)) {
      b.sourceIp(ip);
    }
    b.referrer(value(parts[3]));
    b.userAgent(value(parts[4]));
  }

  private static void putIds(String[] fields, Event.Builder b) {
    @Nullable String session = value(fields[0]);
    if (session != null) {
      b.extra("eccube.session_id", session);
    }
    @Nullable String uid = value(fields[1]);
    if (uid != null) {
      b.extra("eccube.uid", uid);
    }
    @Nullable String user = value(fields[2]);
    if (user != null && !user.equals("anon.")) {
      if (isDigits(user)) {
        b.extra("user.id", user);
      } else {
        b.userName(user);
      }
    }
    String origin = fields[3];
    int first = origin.indexOf(':');
    int last = origin.lastIndexOf(':');
    if (first > 0 && last > first) {
      @Nullable String cls = value(origin.substring(0, first));
      @Nullable String function = value(origin.substring(first + 1, last));
      String lineNo = origin.substring(last + 1);
      if (cls != null) {
        b.extra("eccube.origin.class", cls);
      }
      if (function != null) {
        b.extra("log.origin.function", function);
      }
      if (isDigits(lineNo)) {
        b.extra("log.origin.file.line", lineNo);
      }
    }
  }

  /** The {@code LogListener} messages; EC-CUBE 3 wrote the Japanese pair. */
  private static @Nullable String action(String message) {
    switch (message) {
      case "INIT":
        return "init";
      case "PROCESS START":
      case "処理を開始しました":
        return "process_start";
      case "LOGIC START":
        return "logic_start";
      case "LOGIC END":
        return "logic_end";
      case "PROCESS END":
      case "処理を終了しました":
        return "process_end";
      default:
        return null;
    }
  }

  /** The string of a one-string JSON array such as {@code ["admin_order"]}; null otherwise. */
  private static @Nullable String singleString(String context) {
    int n = context.length();
    if (n < 4 || context.charAt(0) != '[' || context.charAt(n - 1) != ']') {
      return null;
    }
    JsonText.Str s = JsonText.string(context, 1, n - 1);
    return s != null && s.end() == n - 1 && !s.value().isEmpty() ? s.value() : null;
  }

  /** The class of {@code {"exception":"[object] (Class(code: 0): ...)"}}; null otherwise. */
  private static @Nullable String exceptionClass(String context) {
    String key = "{\"exception\":";
    if (!context.startsWith(key)) {
      return null;
    }
    JsonText.Str s = JsonText.string(context, key.length(), context.length());
    String prefix = "[object] (";
    if (s == null || !s.value().startsWith(prefix)) {
      return null;
    }
    int code = s.value().indexOf("(code:", prefix.length());
    if (code <= prefix.length()) {
      return null;
    }
    return s.value().substring(prefix.length(), code).strip();
  }

  /** {@code yyyy-MM-dd HH:mm:ss}, {@code yyyy-MM-ddTHH:mm:ss[.u...](+hh:mm|+hhmm|Z)}. */
  static Instant parseTime(String t, ZoneId zoneWithoutOffset) {
    int n = t.length();
    if (n < 19
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || (t.charAt(10) != ' ' && t.charAt(10) != 'T')
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      throw new DateTimeException("shape");
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int min = digits(t, 14, 16);
    int sec = digits(t, 17, 19);
    int p = 19;
    int nanos = 0;
    if (p < n && (t.charAt(p) == '.' || t.charAt(p) == ',')) {
      int start = ++p;
      while (p < n && t.charAt(p) >= '0' && t.charAt(p) <= '9') {
        if (p - start == 9) {
          throw new DateTimeException("fraction");
        }
        nanos = nanos * 10 + (t.charAt(p) - '0');
        p++;
      }
      if (p == start) {
        throw new DateTimeException("fraction");
      }
      for (int k = p - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, min, sec, nanos);
    if (p == n) {
      return local.atZone(zoneWithoutOffset).toInstant();
    }
    return local.toInstant(offset(t, p));
  }

  /** {@code event.timezone}: the offset as written (as {@code +hh:mm}), else the assumed zone. */
  private static String zoneOf(String t, ZoneId zoneWithoutOffset) {
    int p = 19;
    if (p < t.length() && (t.charAt(p) == '.' || t.charAt(p) == ',')) {
      p++;
      while (p < t.length() && t.charAt(p) >= '0' && t.charAt(p) <= '9') {
        p++;
      }
    }
    if (p == t.length()) {
      return zoneWithoutOffset.getId();
    }
    ZoneOffset o = offset(t, p);
    return o.getTotalSeconds() == 0 ? "+00:00" : o.getId();
  }

  private static ZoneOffset offset(String t, int p) {
    int n = t.length();
    if (t.charAt(p) == 'Z' && p + 1 == n) {
      return ZoneOffset.UTC;
    }
    char sign = t.charAt(p);
    if ((sign != '+' && sign != '-') || (n - p != 6 && n - p != 5)) {
      throw new DateTimeException("zone");
    }
    int hh = digits(t, p + 1, p + 3);
    int mmAt = p + 3;
    if (n - p == 6) {
      if (t.charAt(p + 3) != ':') {
        throw new DateTimeException("zone");
      }
      mmAt++;
    }
    int mm = digits(t, mmAt, mmAt + 2);
    int s = sign == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(s * hh, s * mm);
  }

  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException("digit");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static @Nullable String value(@Nullable String v) {
    if (v == null || v.isEmpty() || v.equals("N/A") || v.equals("NULL") || v.equals("null")) {
      return null;
    }
    return v;
  }

  private static boolean isIpLike(String v) {
    if (v.length() > 45) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isChannel(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return !v.isEmpty();
  }

  private static boolean isDigits(String v) {
    if (v.isEmpty() || v.length() > 18) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
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

  private static int skipSpaces(String s, int i, int to) {
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static int trimEnd(String s, int from, int to) {
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    return to;
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
