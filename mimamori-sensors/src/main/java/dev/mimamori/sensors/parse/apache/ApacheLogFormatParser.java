package dev.mimamori.sensors.parse.apache;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Apache httpd access logs in any {@code LogFormat}, for example
 *
 * <pre>{@code
 * new ApacheLogFormatParser("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D")
 * }</pre>
 *
 * The format is compiled once into matchers (see {@link FormatCompiler}); each line is then read in
 * one left-to-right pass, every value running to the literal text that follows it in the format,
 * without backtracking. Values keep Apache's escapes ({@code \"}, {@code \xhh}) as written. A
 * format without a time, with an unknown directive, or with two directives not separated by text is
 * refused with an {@link IllegalArgumentException} at construction. A time without a zone ({@code
 * %{%Y-%m-%d %T}t}) is read as UTC.
 *
 * <p>Card numbers are masked before anything is read or kept: event.original is the whole line
 * masked, and text values are taken from it. Numbers the server writes (status, sizes, times,
 * ports) are masked one by one instead, because numbers a format puts side by side ({@code %>s %b
 * %I %O} gives {@code 404 196 512 1809}) can pass the Luhn check as one card and would be spoiled.
 * The structure of the line is read from the raw text, which masking changes only in its digits.
 */
public final class ApacheLogFormatParser implements LogParser {

  public static final String DATASET = "apache.access";
  private static final int MAX_LINE = 64 * 1024;

  private final String logFormat;
  private final List<Matcher> matchers;

  /**
   * @param logFormat the format as in {@code LogFormat}; {@code \"} may be written as in httpd.conf
   * @throws IllegalArgumentException when the format cannot be read, naming what is wrong
   */
  public ApacheLogFormatParser(String logFormat) {
    this.logFormat = Objects.requireNonNull(logFormat, "logFormat");
    this.matchers = FormatCompiler.compile(logFormat);
  }

  /** The LogFormat this parser reads. */
  public String logFormat() {
    return logFormat;
  }

  @Override
  public String format() {
    return "apache";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String masked = CardMasker.mask(rawLine);
    // Masking keeps the length (digits become '*'); if it ever did not, read the masked line only.
    String line = masked.length() == rawLine.length() ? rawLine : masked;
    Captured c = new Captured(masked);
    int pos = 0;
    for (Matcher m : matchers) {
      pos = m.match(line, pos, c);
      if (pos < 0) {
        return reject(c.error == null ? "line does not match the LogFormat" : c.error, ctx);
      }
    }
    for (int i = pos; i < line.length(); i++) {
      if (line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        return reject("unexpected text after the LogFormat ends, at column " + (i + 1), ctx);
      }
    }
    Instant ts;
    try {
      ts = timestamp(c);
    } catch (DateTimeException e) {
      return reject("bad time: no such date or instant", ctx);
    }
    return new ParseResult.Parsed(event(c, ts, masked, ctx));
  }

  private static Event event(Captured c, Instant ts, String line, LineContext ctx) {
    Event.Builder b =
        Event.builder()
            .timestamp(ts)
            .originalOffset(offset(c.offsetSeconds))
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .statusCode(c.finalStatus != null ? c.finalStatus : c.status)
            .responseBytes(c.bytes)
            .referrer(c.referrer)
            .userAgent(c.userAgent)
            .userName(c.user)
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    addresses(c, b);
    request(c, b);
    if (c.durationMicros != null) {
      b.extra("event.duration", Long.toString(c.durationMicros * 1_000L));
    } else if (c.durationNanosFromT != null) {
      b.extra("event.duration", Long.toString(c.durationNanosFromT));
    }
    String domain = first(c.serverName, c.canonicalServerName, withoutPort(c.headerHost));
    if (domain != null) {
      b.extra("url.domain", domain);
    }
    c.extra.forEach(b::extra);
    return b.build();
  }

  /**
   * source.ip is the connection's peer ({@code %{c}a}), else the client ({@code %a}), else the host
   * ({@code %h}); client.ip the originating client when it differs (mod_remoteip), else the first
   * X-Forwarded-For address. The same split as the nginx-json parser.
   */
  private static void addresses(Captured c, Event.Builder b) {
    String source = first(c.peerIp, c.clientIp, c.host);
    b.sourceIp(source);
    String client =
        c.clientIp != null && !c.clientIp.equals(source)
            ? c.clientIp
            : firstForwarded(c.forwardedFor);
    if (client != null) {
      b.extra("client.ip", client);
    }
    if (c.host != null && !c.host.equals(source) && !c.host.equals(c.clientIp)) {
      b.extra("source.domain", c.host); // %h is a name when HostnameLookups is on
    }
  }

  /** The request line as sent when logged; else the parts %m, %U, %q and %H give. */
  private static void request(Captured c, Event.Builder b) {
    RequestLine r = c.request == null || c.request.isEmpty() ? null : RequestLine.of(c.request);
    String method = r != null && r.isHttp() ? r.method() : c.method;
    b.method(method);
    String version = r != null ? r.version() : null;
    if (version == null && c.protocol != null && c.protocol.startsWith("HTTP/")) {
      version = c.protocol.substring(5);
    }
    if (version != null) {
      b.extra("http.version", version);
    }
    if (r != null && !r.isHttp()) {
      b.urlOriginal(r.target()); // not HTTP: kept as written, with no path
      return;
    }
    String target = r != null ? r.target() : null;
    if (target == null && c.path != null) {
      target = c.query == null ? c.path : c.path + "?" + c.query;
    }
    if (target == null) {
      return;
    }
    b.urlOriginal(target);
    int q = target.indexOf('?');
    b.urlPath(q < 0 ? target : target.substring(0, q));
    b.urlQuery(q < 0 ? null : target.substring(q + 1));
  }

  private static Instant timestamp(Captured c) {
    if (c.epochSeconds != null) {
      int nanos = c.fractionNanos >= 0 ? c.fractionNanos : c.epochNanos;
      return Instant.ofEpochSecond(c.epochSeconds, nanos);
    }
    int offset = c.offsetSeconds == null ? 0 : c.offsetSeconds;
    return LocalDateTime.of(
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            Math.max(c.second, 0),
            Math.max(c.fractionNanos, 0))
        .toInstant(ZoneOffset.ofTotalSeconds(offset));
  }

  private static @Nullable String offset(@Nullable Integer seconds) {
    if (seconds == null) {
      return null;
    }
    String id = ZoneOffset.ofTotalSeconds(seconds).getId();
    return "Z".equals(id) ? "+00:00" : id;
  }

  /** The first address of X-Forwarded-For; null when it is not an address. */
  private static @Nullable String firstForwarded(@Nullable String xff) {
    if (xff == null) {
      return null;
    }
    int comma = xff.indexOf(',');
    String first = (comma < 0 ? xff : xff.substring(0, comma)).trim();
    if (first.isEmpty() || first.length() > 45) {
      return null;
    }
    for (int i = 0; i < first.length(); i++) {
      char ch = first.charAt(i);
      boolean hex =
          (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
      if (!hex && ch != '.' && ch != ':') {
        return null;
      }
    }
    return first;
  }

  /** A Host header without its port: {@code shop.example:8443}, {@code [2001:db8::1]:8443}. */
  private static @Nullable String withoutPort(@Nullable String host) {
    if (host == null) {
      return null;
    }
    int close = host.indexOf(']');
    if (host.startsWith("[") && close > 0) {
      return host.substring(1, close);
    }
    int colon = host.indexOf(':');
    return colon > 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
  }

  @SafeVarargs
  private static <T> @Nullable T first(@Nullable T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
