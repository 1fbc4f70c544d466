package dev.mimamori.sensors.parse.nginxjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * nginx access logs written with {@code log_format NAME escape=json '{...}'}: one JSON object per
 * line, its keys named after the nginx variables they hold, for example
 *
 * <pre>{@code
 * log_format json escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr",'
 *   '"request":"$request","status":"$status","body_bytes_sent":"$body_bytes_sent",'
 *   '"http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';
 * }</pre>
 *
 * Values may be strings or bare numbers; an empty string (what escape=json writes for an unset
 * variable) or {@code -} means absent. Only top-level keys are read: nested objects are skipped,
 * unknown keys ignored. A line needs a time ({@code @timestamp}, {@code time_iso8601}, {@code
 * time_local}, {@code time}, {@code timestamp} or {@code msec}) and a {@code status}.
 *
 * <p>Jackson's streaming parser reads the line once under hard limits (64 KiB, nesting depth 8,
 * strict duplicate keys: a repeated key means a value broke out of its string, so the line is
 * refused rather than trusted). Card numbers are masked in the raw line before it is parsed, and
 * again in each decoded value, since a {@code \}{@code u0034}-style escape could hide one from the
 * first pass.
 */
public final class NginxJsonParser implements LogParser {

  public static final String DATASET = "nginx.access";
  static final int MAX_LINE = 64 * 1024;
  static final int MAX_DEPTH = 8;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(MAX_LINE)
                  .maxNameLength(1024)
                  .maxNumberLength(64)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Keys read from a line, in the order a time key is preferred. */
  private static final String[] TEXT_TIME_KEYS = {
    "@timestamp", "time_iso8601", "time_local", "time", "timestamp"
  };

  static final int MAX_BODY = 64 * 1024;

  private static final Set<String> KNOWN =
      Set.of(
          "@timestamp",
          "time_iso8601",
          "time_local",
          "time",
          "timestamp",
          "msec",
          "remote_addr",
          "remote_port",
          "remote_user",
          "request",
          "request_method",
          "request_uri",
          "uri",
          "args",
          "query_string",
          "server_protocol",
          "scheme",
          "status",
          "body_bytes_sent",
          "bytes_sent",
          "request_length",
          "http_referer",
          "http_referrer",
          "http_user_agent",
          "http_x_forwarded_for",
          "request_time",
          "request_id",
          "request_body",
          "content_type",
          "host",
          "http_host",
          "server_name",
          "server_port",
          "ssl_protocol",
          "ssl_cipher");

  @Override
  public String format() {
    return "nginx-json";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String line = CardMasker.mask(rawLine);
    Map<String, String> f;
    try {
      f = readTopLevel(line);
    } catch (StreamConstraintsException e) {
      return reject(
          "JSON over the parser's limits (nesting depth "
              + MAX_DEPTH
              + ", 64 KiB): "
              + clip(e.getOriginalMessage()),
          ctx);
    } catch (NotAnObject e) {
      return reject(e.getMessage(), ctx);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      return reject("not valid JSON: " + clip(why), ctx);
    }

    LogTime time;
    try {
      time = readTime(f);
    } catch (DateTimeException e) {
      return reject("bad time: " + e.getMessage(), ctx);
    }
    if (time == null) {
      return reject(
          "no time key (@timestamp, time_iso8601, time_local, time, timestamp or msec)", ctx);
    }
    String status = f.get("status");
    if (status == null) {
      return reject("no status key: not an nginx access log line", ctx);
    }
    Long statusCode = number(status, 3);
    if (statusCode == null || statusCode < 100) {
      return reject("bad status '" + clip(status) + "'", ctx);
    }
    Long bodyBytes = null;
    String bytesKey = f.containsKey("body_bytes_sent") ? "body_bytes_sent" : "bytes_sent";
    String bytes = f.get(bytesKey);
    if (bytes != null) {
      bodyBytes = number(bytes, 18);
      if (bodyBytes == null) {
        return reject("bad " + bytesKey + " '" + clip(bytes) + "'", ctx);
      }
    }

    Event.Builder b =
        Event.builder()
            .timestamp(time.instant())
            .originalOffset(time.offset())
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .sourceIp(f.get("remote_addr"))
            .statusCode(statusCode.intValue())
            // Without $body_bytes_sent, $bytes_sent is the nearest (it adds the header's size).
            .responseBytes(bodyBytes)
            .referrer(first(f, "http_referer", "http_referrer"))
            .userAgent(f.get("http_user_agent"))
            .userName(f.get("remote_user"))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    request(f, b);
    extras(f, b);
    return new ParseResult.Parsed(b.build());
  }

  /**
   * The top-level scalar values of known keys, masked; absent ones (empty, {@code -}, null) left
   * out.
   */
  private static Map<String, String> readTopLevel(String line) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new NotAnObject();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren(); // still bounded: the depth limit applies while skipping
        } else if (v != JsonToken.VALUE_NULL && KNOWN.contains(name)) {
          String text = p.getText();
          if (!text.isEmpty() && !text.equals("-")) {
            fields.put(name, CardMasker.mask(text));
          }
        }
      }
      // The loop ends on END_OBJECT (anything else already threw); the line must end there.
      if (p.nextToken() != null) {
        throw new NotAnObject("text after the JSON object");
      }
    }
    return fields;
  }

  /**
   * The first textual time key, made exact to the millisecond by {@code msec} when both name the
   * same second; {@code msec} alone when there is no other. Null when the line has no time.
   */
  private static @Nullable LogTime readTime(Map<String, String> f) {
    String msec = f.get("msec");
    LogTime epoch = msec == null ? null : time("msec", msec);
    for (String key : TEXT_TIME_KEYS) {
      String v = f.get(key);
      if (v == null) {
        continue;
      }
      LogTime text = time(key, v);
      if (epoch != null
          && text.offset() != null
          && epoch.instant().getEpochSecond() == text.instant().getEpochSecond()
          && text.instant().getNano() == 0) {
        return new LogTime(epoch.instant(), text.offset());
      }
      return text;
    }
    return epoch;
  }

  /** Any of the three forms, told apart by shape: keys such as "time" hold any of them. */
  private static LogTime time(String key, String v) {
    try {
      if (v.length() > 4 && v.charAt(4) == '-') {
        return LogTime.iso(v);
      }
      return v.indexOf('/') >= 0 ? LogTime.clf(v) : LogTime.epoch(v);
    } catch (DateTimeException e) {
      throw new DateTimeException(key + " '" + clip(v) + "'", e);
    }
  }

  /** The request: $request as sent, else $request_uri, else the normalized $uri and $args. */
  private static void request(Map<String, String> f, Event.Builder b) {
    String request = f.get("request");
    String requestUri = f.get("request_uri");
    String uri = f.get("uri");
    if (request != null) {
      RequestLine.split(request, b);
    } else if (requestUri != null) {
      RequestLine.target(requestUri, b);
    } else if (uri != null) {
      String args = first(f, "args", "query_string");
      b.urlOriginal(args == null ? uri : uri + "?" + args).urlPath(uri).urlQuery(args);
    }
    if (request == null || request.indexOf(' ') <= 0) {
      // No method in $request (absent, or junk such as TLS bytes): $request_method may have it.
      String method = f.get("request_method");
      if (method != null) {
        b.method(method);
      }
    }
    String protocol = f.get("server_protocol");
    if (request == null && protocol != null && protocol.startsWith("HTTP/")) {
      b.extra("http.version", protocol.substring(5));
    }
  }

  private static void extras(Map<String, String> f, Event.Builder b) {
    put(b, "source.port", port(f.get("remote_port")));
    put(b, "destination.port", port(f.get("server_port")));
    put(b, "http.request.id", f.get("request_id"));
    put(b, "url.scheme", f.get("scheme"));
    put(b, "url.domain", domain(f));
    put(b, "client.ip", firstForwarded(f.get("http_x_forwarded_for")));
    put(b, "tls.cipher", f.get("ssl_cipher"));
    // $request_body: the form fields a stored XSS is planted through (order message, contact,
    // member fields). Card numbers in it are masked like every field; kept to 64 KiB.
    String body = f.get("request_body");
    if (body != null) {
      b.extra(
          "http.request.body.content",
          body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY));
    }
    put(b, "http.request.mime_type", f.get("content_type"));
    String tls = f.get("ssl_protocol");
    if (tls != null && tls.startsWith("TLSv")) {
      b.extra("tls.version_protocol", "tls").extra("tls.version", tls.substring(4));
    }
    String sent = f.get("bytes_sent");
    if (sent != null && number(sent, 18) != null) {
      b.extra("http.response.bytes", sent);
    }
    String length = f.get("request_length");
    if (length != null && number(length, 18) != null) {
      b.extra("http.request.bytes", length);
    }
    String requestTime = f.get("request_time");
    if (requestTime != null) {
      Long nanos = secondsToNanos(requestTime);
      if (nanos == null) {
        b.extra("mimamori.parse.warning", "request_time '" + clip(requestTime) + "' ignored");
      } else {
        b.extra("event.duration", Long.toString(nanos));
      }
    }
  }

  /** $host (no port), else $http_host without its port, else $server_name. */
  private static @Nullable String domain(Map<String, String> f) {
    String host = f.get("host");
    if (host != null) {
      return host;
    }
    String httpHost = f.get("http_host");
    if (httpHost != null) {
      int close = httpHost.indexOf(']');
      if (httpHost.startsWith("[") && close > 0) {
        return httpHost.substring(1, close);
      }
      int colon = httpHost.indexOf(':');
      return colon > 0 && colon == httpHost.lastIndexOf(':')
          ? httpHost.substring(0, colon)
          : httpHost;
    }
    return f.get("server_name");
  }

  /** The first address of X-Forwarded-For, the client as the outermost proxy saw it. */
  static @Nullable String firstForwarded(@Nullable String xff) {
    if (xff == null) {
      return null;
    }
    int comma = xff.indexOf(',');
    String first = (comma < 0 ? xff : xff.substring(0, comma)).trim();
    if (first.isEmpty() || first.length() > 45) {
      return null;
    }
    for (int i = 0; i < first.length(); i++) {
      char c = first.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != '.' && c != ':') {
        return null; // "unknown", a name, or junk: not an address
      }
    }
    return first;
  }

  /** {@code 0.005} seconds (nginx writes milliseconds) as nanoseconds; null when malformed. */
  static @Nullable Long secondsToNanos(String v) {
    int dot = v.indexOf('.');
    String whole = dot < 0 ? v : v.substring(0, dot);
    String frac = dot < 0 ? "" : v.substring(dot + 1);
    Long seconds = number(whole, 9);
    Long fraction = frac.isEmpty() ? Long.valueOf(0) : number(frac, 9);
    if (seconds == null || fraction == null || (dot >= 0 && frac.isEmpty())) {
      return null;
    }
    long nanos = fraction;
    for (int i = frac.length(); i < 9; i++) {
      nanos *= 10;
    }
    return seconds * 1_000_000_000L + nanos;
  }

  private static @Nullable String port(@Nullable String v) {
    Long p = v == null ? null : number(v, 5);
    return p == null || p > 65535 ? null : p.toString();
  }

  /** 1 to {@code maxDigits} ASCII digits as a number; null for anything else. */
  private static @Nullable Long number(String v, int maxDigits) {
    if (v.isEmpty() || v.length() > maxDigits) {
      return null;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static @Nullable String first(Map<String, String> f, String key, String alias) {
    String v = f.get(key);
    return v != null ? v : f.get(alias);
  }

  private static void put(Event.Builder b, String ecsName, @Nullable String v) {
    if (v != null) {
      b.extra(ecsName, v);
    }
  }

  private static String clip(@Nullable String v) {
    if (v == null) {
      return "";
    }
    return v.length() > 60 ? v.substring(0, 60) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }

  /** The line is JSON of another shape. */
  private static final class NotAnObject extends IOException {
    private static final long serialVersionUID = 1L;

    NotAnObject() {
      this("not a JSON object: expected '{' at the start of the line");
    }

    NotAnObject(String message) {
      super(message);
    }
  }
}
