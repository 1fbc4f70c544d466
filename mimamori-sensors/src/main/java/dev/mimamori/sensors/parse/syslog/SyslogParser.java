package dev.mimamori.sensors.parse.syslog;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Syslog lines as a server receives them or rsyslog writes them: RFC 5424 ({@code <PRI>1 TIMESTAMP
 * HOST APP PROCID MSGID SD MSG}), RFC 3164 ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}) and
 * the same without {@code <PRI>} as in {@code /var/log/syslog} and {@code auth.log}. The message is
 * then offered to the inner parser (for example nginx's {@code access_log syslog:} lines are
 * access-log lines); when it reads it, the event is the inner one with the syslog fields added,
 * otherwise the event is the syslog message itself. RFC 3164 times carry no year or zone: the
 * current year and the configured zone are assumed.
 */
public final class SyslogParser implements LogParser {
  private static final int MAX_LINE = 64 * 1024;
  private static final String[] SEVERITIES = {
    "emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"
  };
  private static final DateTimeFormatter BSD =
      DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ROOT);

  private final @Nullable LogParser inner;
  private final ZoneId zone;

  /**
   * @param inner the parser for the message part, or null to keep messages as they are
   * @param zone the zone of RFC 3164 times, which carry none
   */
  public SyslogParser(@Nullable LogParser inner, ZoneId zone) {
    this.inner = inner;
    this.zone = zone;
  }

  @Override
  public String format() {
    return "syslog";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String line = CardMasker.mask(rawLine);
    int pos = 0;
    Integer pri = null;
    if (line.startsWith("<")) {
      int end = line.indexOf('>');
      if (end < 2 || end > 4) {
        return reject("bad <PRI>", ctx);
      }
      try {
        pri = Integer.parseInt(line.substring(1, end));
      } catch (NumberFormatException e) {
        return reject("bad <PRI>", ctx);
      }
      if (pri > 191) {
        return reject("<PRI> above 191", ctx);
      }
      pos = end + 1;
    }
    Header h = line.startsWith("1 ", pos) ? rfc5424(line, pos + 2) : rfc3164(line, pos);
    if (h == null || h.error != null) {
      return reject(h == null ? "not a syslog line" : h.error, ctx);
    }
    Event.Builder b = null;
    if (inner != null && !h.message.isEmpty()) {
      ParseResult r = inner.parse(h.message, ctx);
      if (r instanceof ParseResult.Parsed p) {
        b = rebuild(p.event());
      }
    }
    if (b == null) {
      b =
          Event.builder()
              .timestamp(h.timestamp)
              .originalOffset(h.offset)
              .tenant(ctx.tenant())
              .asset(ctx.asset())
              .dataset("syslog")
              .logFilePath(ctx.logFilePath())
              .logOffset(ctx.logOffset())
              .lineNumber(ctx.lineNumber())
              .extra("message", h.message);
      if ("sshd".equals(h.app)) {
        SshdMessage.addFields(h.message, b);
      }
    }
    b.original(line);
    if (pri != null) {
      b.extra("log.syslog.priority", Integer.toString(pri));
      b.extra("log.syslog.facility.code", Integer.toString(pri / 8));
      b.extra("log.syslog.severity.code", Integer.toString(pri % 8));
      b.extra("log.syslog.severity.name", SEVERITIES[pri % 8]);
    }
    if (h.host != null) {
      b.extra("log.syslog.hostname", h.host);
    }
    if (h.app != null) {
      b.extra("log.syslog.appname", h.app);
    }
    if (h.procId != null) {
      b.extra("log.syslog.procid", h.procId);
    }
    if (h.msgId != null) {
      b.extra("log.syslog.msgid", h.msgId);
    }
    if (h.structured != null) {
      b.extra("log.syslog.structured_data", h.structured);
    }
    b.extra("log.syslog.version", h.version);
    return new ParseResult.Parsed(b.build());
  }

  /** A builder holding everything of an inner event, so syslog fields can be added to it. */
  private static Event.Builder rebuild(Event e) {
    Event.Builder b =
        Event.builder()
            .timestamp(e.timestamp())
            .originalOffset(e.originalOffset())
            .tenant(e.tenant())
            .asset(e.asset())
            .dataset(e.dataset())
            .sourceIp(e.sourceIp())
            .method(e.method())
            .urlOriginal(e.urlOriginal())
            .urlPath(e.urlPath())
            .urlQuery(e.urlQuery())
            .statusCode(e.statusCode())
            .responseBytes(e.responseBytes())
            .referrer(e.referrer())
            .userAgent(e.userAgent())
            .userName(e.userName())
            .logFilePath(e.logFilePath())
            .logOffset(e.logOffset())
            .lineNumber(e.lineNumber());
    e.extra().forEach(b::extra);
    return b;
  }

  private static final class Header {
    @Nullable String error;
    Instant timestamp = Instant.EPOCH;
    @Nullable String offset;
    @Nullable String host;
    @Nullable String app;
    @Nullable String procId;
    @Nullable String msgId;
    @Nullable String structured;
    String message = "";
    String version = "";

    static Header error(String why) {
      Header h = new Header();
      h.error = why;
      return h;
    }
  }

  private static @Nullable String nil(String v) {
    return "-".equals(v) ? null : v;
  }

  /** {@code TIMESTAMP HOST APP PROCID MSGID SD [MSG]} after {@code <PRI>1 }. */
  private static Header rfc5424(String s, int pos) {
    String[] f = new String[5];
    for (int i = 0; i < 5; i++) {
      int sp = s.indexOf(' ', pos);
      if (sp < 0) {
        return Header.error("RFC 5424 header cut short");
      }
      f[i] = s.substring(pos, sp);
      pos = sp + 1;
    }
    Header h = new Header();
    h.version = "5424";
    if ("-".equals(f[0])) {
      return Header.error("RFC 5424 line without a time");
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(f[0]);
      h.timestamp = t.toInstant();
      h.offset = t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId();
    } catch (DateTimeParseException e) {
      return Header.error("bad RFC 5424 time '" + clip(f[0]) + "'");
    }
    h.host = nil(f[1]);
    h.app = nil(f[2]);
    h.procId = nil(f[3]);
    h.msgId = nil(f[4]);
    // Structured data: "-" or one or more [id param="value"...] with \] escapes.
    if (s.startsWith("-", pos)) {
      pos++;
    } else if (s.startsWith("[", pos)) {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) == '[') {
        pos++;
        boolean inQuote = false;
        while (pos < s.length()) {
          char c = s.charAt(pos);
          if (c == '\\' && inQuote) {
            pos += 2;
            continue;
          }
          if (c == '"') {
            inQuote = !inQuote;
          } else if (c == ']' && !inQuote) {
            break;
          }
          pos++;
        }
        if (pos >= s.length()) {
          return Header.error("unclosed structured data");
        }
        pos++;
      }
      h.structured = s.substring(start, pos);
    } else {
      return Header.error("expected structured data or '-'");
    }
    String msg = pos < s.length() ? s.substring(pos) : "";
    if (msg.startsWith(" ")) {
      msg = msg.substring(1);
    }
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1); // the BOM RFC 5424 puts before UTF-8 messages
    }
    h.message = msg;
    return h;
  }

  /** {@code Mmm dd hh:mm:ss HOST TAG[PID]: MSG}. */
  private Header rfc3164(String s, int pos) {
    if (s.length() < pos + 16) {
      return Header.error("not a syslog line (too short for a time)");
    }
    String time = s.substring(pos, pos + 15);
    Header h = new Header();
    h.version = "3164";
    try {
      LocalDateTime local =
          LocalDateTime.parse(time.replace("  ", " ") + " " + Year.now(zone).getValue(), BSD);
      h.timestamp = local.atZone(zone).toInstant();
      h.offset = zone.getId();
    } catch (DateTimeException e) {
      return Header.error("bad syslog time '" + clip(time) + "' (expected e.g. 'Nov 26 10:00:00')");
    }
    pos += 15;
    if (pos >= s.length() || s.charAt(pos) != ' ') {
      return Header.error("expected a space after the time");
    }
    pos++;
    int sp = s.indexOf(' ', pos);
    if (sp < 0) {
      return Header.error("expected a host name after the time");
    }
    h.host = s.substring(pos, sp);
    pos = sp + 1;
    // TAG: up to ':' (with optional [pid]); a message without a tag is allowed.
    int colon = s.indexOf(": ", pos);
    int nextSpace = s.indexOf(' ', pos);
    if (colon > pos && (nextSpace < 0 || colon < nextSpace)) {
      String tag = s.substring(pos, colon);
      int bracket = tag.indexOf('[');
      if (bracket > 0 && tag.endsWith("]")) {
        h.app = tag.substring(0, bracket);
        h.procId = tag.substring(bracket + 1, tag.length() - 1);
      } else {
        h.app = tag;
      }
      pos = colon + 2;
    }
    h.message = s.substring(pos);
    return h;
  }

  private static String clip(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
