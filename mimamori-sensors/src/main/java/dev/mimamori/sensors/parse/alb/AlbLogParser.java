package dev.mimamori.sensors.parse.alb;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * AWS Application Load Balancer access log entries, as written to S3:
 *
 * <pre>{@code
 * type time elb client:port target:port request_processing_time target_processing_time
 * response_processing_time elb_status_code target_status_code received_bytes sent_bytes
 * "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
 * "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed"
 * "redirect_url" "error_reason" "target:port_list" "target_status_code_list" "classification"
 * "classification_reason" conn_trace_id ...
 * }</pre>
 *
 * AWS adds fields at the end over time and says to ignore unexpected ones, so an entry needs the
 * first 18 fields (through trace_id, as ALB has written since its launch) and may have any number
 * after them. Card numbers are masked in the whole line, which event.original keeps; ALB's own bare
 * numbers are read field by field (see {@link EntryFields}). The request field holds the full URL
 * ({@code GET https://host:443/p?q HTTP/1.1}): url.original is the path and query as sent; the
 * scheme, domain and port go to their own fields.
 */
public final class AlbLogParser implements LogParser {

  public static final String DATASET = "aws.elb";
  private static final int MAX_LINE = 64 * 1024;
  private static final int REQUIRED_FIELDS = 18;

  // Field positions, from the AWS documentation's table.
  private static final int TYPE = 0;
  private static final int TIME = 1;
  private static final int ELB = 2;
  private static final int CLIENT = 3;
  private static final int TARGET = 4;
  private static final int REQUEST_PROCESSING = 5;
  private static final int ELB_STATUS = 8;
  private static final int TARGET_STATUS = 9;
  private static final int RECEIVED = 10;
  private static final int SENT = 11;
  private static final int REQUEST = 12;
  private static final int USER_AGENT = 13;
  private static final int SSL_CIPHER = 14;
  private static final int SSL_PROTOCOL = 15;
  private static final int TARGET_GROUP = 16;
  private static final int TRACE_ID = 17;
  private static final int DOMAIN_NAME = 18;
  private static final int CHOSEN_CERT = 19;
  private static final int RULE_PRIORITY = 20;
  private static final int REQUEST_CREATION = 21;
  private static final int ACTIONS = 22;
  private static final int REDIRECT_URL = 23;
  private static final int ERROR_REASON = 24;
  private static final int TARGET_LIST = 25;
  private static final int TARGET_STATUS_LIST = 26;
  private static final int CLASSIFICATION = 27;
  private static final int CLASSIFICATION_REASON = 28;
  private static final int CONN_TRACE_ID = 29;

  // The names Filebeat's aws module gives the three times (target_processing_time is "backend").
  private static final String[] PROCESSING_TIMES = {
    "aws.elb.request_processing_time.sec",
    "aws.elb.backend_processing_time.sec",
    "aws.elb.response_processing_time.sec"
  };

  @Override
  public String format() {
    return "aws-alb";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    // Card numbers are masked before any field is read or kept; see EntryFields for how.
    EntryFields f = EntryFields.split(rawLine);
    if (f == null) {
      return reject("a quoted field is not closed, or runs into the next field", ctx);
    }
    String line = f.line();
    // Type and time first: they tell other ELB formats (Classic, NLB) apart most clearly.
    String type = f.size() > TYPE ? f.get(TYPE) : "";
    if (!isWord(type)) {
      return reject("bad type '" + clip(type) + "' (expected http, https, h2, ws, ...)", ctx);
    }
    String timeText = f.size() > TIME ? f.get(TIME) : "";
    Instant time = instant(timeText);
    if (time == null) {
      return reject("bad time '" + clip(timeText) + "' (expected ISO 8601 in UTC)", ctx);
    }
    if (f.size() < REQUIRED_FIELDS) {
      return reject(
          "expected at least " + REQUIRED_FIELDS + " fields (through trace_id), found " + f.size(),
          ctx);
    }
    String[] client = hostPort(f.get(CLIENT));
    if (client == null) {
      return reject("bad client:port '" + clip(f.get(CLIENT)) + "'", ctx);
    }
    String[] target = f.value(TARGET) == null ? null : hostPort(f.get(TARGET));
    if (f.value(TARGET) != null && target == null) {
      return reject("bad target:port '" + clip(f.get(TARGET)) + "'", ctx);
    }
    for (int k = 0; k < 3; k++) {
      if (!isSeconds(f.get(REQUEST_PROCESSING + k))) {
        return reject("bad processing time '" + clip(f.get(REQUEST_PROCESSING + k)) + "'", ctx);
      }
    }
    Integer status = status(f.get(ELB_STATUS));
    String targetStatus = f.value(TARGET_STATUS);
    if ((status == null && f.value(ELB_STATUS) != null)
        || (targetStatus != null && status(targetStatus) == null)) {
      return reject(
          "bad status code '" + clip(f.get(ELB_STATUS)) + " " + clip(f.get(TARGET_STATUS)) + "'",
          ctx);
    }
    Long received = bytes(f.get(RECEIVED));
    Long sent = bytes(f.get(SENT));
    if ((received == null && f.value(RECEIVED) != null)
        || (sent == null && f.value(SENT) != null)) {
      return reject("bad byte count '" + clip(f.get(RECEIVED) + " " + f.get(SENT)) + "'", ctx);
    }
    if (!f.quoted(REQUEST) || !f.quoted(USER_AGENT) || !f.quoted(TRACE_ID)) {
      return reject("expected quoted request, user_agent and trace_id fields", ctx);
    }

    Event.Builder b =
        Event.builder()
            .timestamp(time)
            .originalOffset("+00:00")
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .sourceIp(client[0])
            .statusCode(status)
            .responseBytes(sent)
            .userAgent(f.value(USER_AGENT))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("source.port", client[1]);
    if (target != null) {
      b.extra("destination.ip", target[0]).extra("destination.port", target[1]);
    }
    if (received != null) {
      b.extra("http.request.bytes", received.toString());
    }
    b.extra("aws.elb.type", type).extra("aws.elb.name", f.get(ELB));
    for (int k = 0; k < 3; k++) {
      b.extra(PROCESSING_TIMES[k], f.get(REQUEST_PROCESSING + k));
    }
    RequestUrl.fill(f.get(REQUEST), b);
    tls(f, b);
    put(b, "aws.elb.target_status_code", targetStatus);
    put(b, "aws.elb.target_group.arn", f.value(TARGET_GROUP));
    put(b, "aws.elb.trace_id", f.value(TRACE_ID));
    put(b, "aws.elb.chosen_cert.arn", f.value(CHOSEN_CERT));
    put(b, "aws.elb.matched_rule_priority", f.value(RULE_PRIORITY));
    put(b, "aws.elb.actions_executed", f.value(ACTIONS));
    put(b, "aws.elb.redirect_url", f.value(REDIRECT_URL));
    put(b, "aws.elb.error_reason", f.value(ERROR_REASON));
    put(b, "aws.elb.target_port_list", f.value(TARGET_LIST));
    put(b, "aws.elb.target_status_code_list", f.value(TARGET_STATUS_LIST));
    put(b, "aws.elb.classification", f.value(CLASSIFICATION));
    put(b, "aws.elb.classification_reason", f.value(CLASSIFICATION_REASON));
    put(b, "aws.elb.conn_trace_id", f.value(CONN_TRACE_ID));
    requestCreation(f.value(REQUEST_CREATION), time, b);
    return new ParseResult.Parsed(b.build());
  }

  private static void tls(EntryFields f, Event.Builder b) {
    put(b, "tls.cipher", f.value(SSL_CIPHER));
    String protocol = f.value(SSL_PROTOCOL);
    if (protocol != null && protocol.startsWith("TLSv")) {
      b.extra("tls.version_protocol", "tls").extra("tls.version", protocol.substring(4));
    }
    put(b, "tls.client.server_name", f.value(DOMAIN_NAME));
  }

  /** event.start, and event.duration from it to the response, when the time is readable. */
  private static void requestCreation(@Nullable String v, Instant end, Event.Builder b) {
    Instant start = v == null ? null : instant(v);
    if (start == null) {
      return;
    }
    b.extra("event.start", start.toString());
    Duration taken = Duration.between(start, end);
    // Bounded so the nanoseconds fit a long: a corrupt year must not overflow.
    if (!taken.isNegative() && taken.getSeconds() < 9_000_000_000L) {
      b.extra("event.duration", Long.toString(taken.toNanos()));
    }
  }

  /**
   * {@code 2018-07-02T22:23:00.186641Z}, read by position rather than with a formatter (this runs
   * twice for every entry); null when it is not that shape or not a real date.
   */
  static @Nullable Instant instant(String v) {
    int n = v.length();
    if (n < 20
        || n > 30
        || v.charAt(n - 1) != 'Z'
        || !v.startsWith("-", 4)
        || !v.startsWith("-", 7)
        || v.charAt(10) != 'T'
        || v.charAt(13) != ':'
        || v.charAt(16) != ':'
        || (n > 20 && (v.charAt(19) != '.' || n == 21))) {
      return null;
    }
    Long year = number(v.substring(0, 4), 4);
    Long month = number(v.substring(5, 7), 2);
    Long day = number(v.substring(8, 10), 2);
    Long hour = number(v.substring(11, 13), 2);
    Long minute = number(v.substring(14, 16), 2);
    Long second = number(v.substring(17, 19), 2);
    String fraction = n > 20 ? v.substring(20, n - 1) : "0";
    Long nanos = number(fraction, 9);
    if (year == null
        || month == null
        || day == null
        || hour == null
        || minute == null
        || second == null
        || nanos == null) {
      return null;
    }
    long nanoOfSecond = nanos;
    for (int i = fraction.length(); i < 9; i++) {
      nanoOfSecond *= 10;
    }
    try {
      return LocalDateTime.of(
              year.intValue(),
              month.intValue(),
              day.intValue(),
              hour.intValue(),
              minute.intValue(),
              second.intValue(),
              (int) nanoOfSecond)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // February 30th and the like
    }
  }

  /** {@code 192.0.2.1:80}, {@code [2001:db8::1]:80} or {@code 2001:db8::1:80}: address, port. */
  static String @Nullable [] hostPort(String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      return null;
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = v.substring(colon + 1);
    Long p = number(port, 5);
    if (host.isEmpty() || p == null || p > 65535) {
      return null;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != '.' && c != ':') {
        return null;
      }
    }
    return new String[] {host, port};
  }

  private static boolean isWord(String v) {
    if (v.isEmpty() || v.length() > 16) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** {@code 0.001}, {@code 12}, or {@code -1} (no target): seconds as AWS writes them. */
  private static boolean isSeconds(String v) {
    String digits = v.startsWith("-") ? v.substring(1) : v;
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    String frac = dot < 0 ? "0" : digits.substring(dot + 1);
    return number(whole, 9) != null && number(frac, 9) != null;
  }

  private static @Nullable Integer status(String v) {
    Long s = number(v, 3);
    return s == null || s < 100 ? null : s.intValue();
  }

  private static @Nullable Long bytes(String v) {
    return number(v, 18);
  }

  /** 1 to {@code maxDigits} ASCII digits as a number; null for anything else. */
  static @Nullable Long number(String v, int maxDigits) {
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

  private static void put(Event.Builder b, String ecsName, @Nullable String v) {
    if (v != null) {
      b.extra(ecsName, v);
    }
  }

  static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
