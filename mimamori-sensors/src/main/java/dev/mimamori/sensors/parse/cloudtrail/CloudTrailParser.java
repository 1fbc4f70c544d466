package dev.mimamori.sensors.parse.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.BoundedJson;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.IpLiteral;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * AWS CloudTrail event records, one per line: as CloudWatch Logs stores a trail's events, as one
 * element of a delivered log file's {@code Records} array written on a line of its own, or inside
 * an EventBridge event ({@code "detail-type":"AWS API Call via CloudTrail"}, the record under
 * {@code detail}). For example (shortened)
 *
 * <pre>{@code
 * {"eventVersion":"1.04","userIdentity":{"type":"IAMUser","principalId":"EX_PRINCIPAL_ID",
 *  "arn":"arn:aws:iam::123456789012:user/Alice","accountId":"123456789012",
 *  "accessKeyId":"EXAMPLE_KEY_ID","userName":"Alice"},"eventTime":"2016-07-14T19:15:45Z",
 *  "eventSource":"cloudtrail.amazonaws.com","eventName":"UpdateTrail","awsRegion":"us-east-2",
 *  "sourceIPAddress":"205.251.233.182","userAgent":"aws-cli/1.10.32 ...",
 *  "errorCode":"TrailNotFoundException","errorMessage":"Unknown trail: myTrail2 ...",
 *  "requestParameters":{"name":"myTrail2"},"responseElements":null,"eventID":"b7d4398e-...",
 *  "eventType":"AwsApiCall","recipientAccountId":"123456789012"}
 * }</pre>
 *
 * A whole log file object ({@code {"Records":[...]}}) is read when it holds exactly one record; one
 * with more is refused with the advice to split it. A record needs eventTime, eventSource and
 * eventName (an Insights event has the last two in its insightDetails). The outcome is failure when
 * the record has an errorCode or errorMessage, or is a ConsoleLogin whose response says Failure
 * (failed console sign-ins carry only errorMessage). sourceIPAddress is source.ip when it is an
 * address; AWS services appear by name ({@code ec2.amazonaws.com}), which goes to source.domain;
 * source.address keeps what was written.
 *
 * <p>Jackson reads the line once under hard limits (256 KiB, nesting depth 16, strict duplicate
 * keys). Card numbers are masked in the raw line before it is parsed, and again in each decoded
 * value.
 */
public final class CloudTrailParser implements LogParser {

  public static final String DATASET = "aws.cloudtrail";
  static final int MAX_LINE = 256 * 1024;
  static final int MAX_DEPTH = 16;

  private static final BoundedJson JSON = new BoundedJson(MAX_LINE, MAX_DEPTH);

  @Override
  public String format() {
    return "aws-cloudtrail";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    String line = CardMasker.mask(rawLine);
    JsonNode root;
    try {
      root = JSON.readObject(line);
    } catch (BoundedJson.Refused e) {
      return reject(e.getMessage(), ctx);
    }

    JsonNode record = root;
    JsonNode records = root.get("Records");
    JsonNode detail = root.get("detail");
    if (records != null) {
      if (!records.isArray()) {
        return reject("Records is not an array", ctx);
      }
      if (records.isEmpty()) {
        return reject("a CloudTrail log file object with no records", ctx);
      }
      if (records.size() > 1) {
        return reject(
            "a CloudTrail log file object with "
                + records.size()
                + " records: split its Records array into one record per line",
            ctx);
      }
      record = records.get(0);
      if (!record.isObject()) {
        return reject("the one element of Records is not an object", ctx);
      }
    } else if (detail != null && root.has("detail-type")) {
      String type = text(root.get("detail-type"));
      if (type == null || !type.endsWith("via CloudTrail") || !detail.isObject()) {
        return reject(
            "an EventBridge event of detail-type '" + clip(type) + "', not from CloudTrail", ctx);
      }
      record = detail;
    } else if (root.has("digestStartTime")) {
      return reject("a CloudTrail digest file, not an event record", ctx);
    }

    String timeText = text(record.get("eventTime"));
    if (timeText == null) {
      return reject("no eventTime: not a CloudTrail record", ctx);
    }
    OffsetDateTime time = dateTime(timeText);
    if (time == null) {
      return reject("bad eventTime '" + clip(timeText) + "' (expected ISO 8601)", ctx);
    }
    String source = text(record.get("eventSource"));
    String name = text(record.get("eventName"));
    JsonNode insight = record.get("insightDetails");
    if ((source == null || name == null) && insight != null && insight.isObject()) {
      // An Insights event names the API whose call rate it is about only inside insightDetails.
      source = text(insight.get("eventSource"));
      name = text(insight.get("eventName"));
    }
    if (source == null || name == null) {
      return reject("no eventSource or eventName: not a CloudTrail record", ctx);
    }

    JsonNode identity = record.get("userIdentity");
    if (identity != null && !identity.isObject()) {
      identity = null;
    }
    String arn = identity == null ? null : text(identity.get("arn"));
    String userName = identity == null ? null : text(identity.get("userName"));
    Event.Builder b =
        Event.builder()
            .timestamp(time.toInstant())
            .originalOffset(offset(time))
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .userAgent(text(record.get("userAgent")))
            .userName(userName != null ? userName : lastPart(arn))
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("event.action", name).extra("event.provider", source);
    b.extra("event.outcome", failed(record, name) ? "failure" : "success");
    put(b, "event.id", text(record.get("eventID")));
    put(b, "cloud.region", text(record.get("awsRegion")));
    put(b, "cloud.account.id", text(record.get("recipientAccountId")));
    sourceAddress(text(record.get("sourceIPAddress")), b);
    if (identity != null) {
      put(b, "aws.cloudtrail.user_identity.type", text(identity.get("type")));
      put(b, "aws.cloudtrail.user_identity.arn", arn);
      put(b, "aws.cloudtrail.user_identity.access_key_id", text(identity.get("accessKeyId")));
      put(b, "aws.cloudtrail.user_identity.invoked_by", text(identity.get("invokedBy")));
      JsonNode context = identity.get("sessionContext");
      JsonNode issuer = context == null ? null : context.get("sessionIssuer");
      if (issuer != null && issuer.isObject()) {
        put(
            b,
            "aws.cloudtrail.user_identity.session_context.session_issuer.user_name",
            text(issuer.get("userName")));
      }
    }
    put(b, "aws.cloudtrail.error_code", text(record.get("errorCode")));
    put(b, "aws.cloudtrail.error_message", text(record.get("errorMessage")));
    put(b, "aws.cloudtrail.event_type", text(record.get("eventType")));
    put(b, "aws.cloudtrail.event_category", text(record.get("eventCategory")));
    put(b, "aws.cloudtrail.event_version", text(record.get("eventVersion")));
    put(b, "aws.cloudtrail.read_only", text(record.get("readOnly")));
    put(b, "aws.cloudtrail.request_id", text(record.get("requestID")));
    return new ParseResult.Parsed(b.build());
  }

  /** The one JSON object on the line; the line must end where the object does. */
  /**
   * An errorCode or errorMessage, or a ConsoleLogin answered {@code "ConsoleLogin":"Failure"}: a
   * failed sign-in has an errorMessage ("Failed authentication") but no errorCode.
   */
  private static boolean failed(JsonNode record, String eventName) {
    if (text(record.get("errorCode")) != null || text(record.get("errorMessage")) != null) {
      return true;
    }
    JsonNode response = record.get("responseElements");
    if ("ConsoleLogin".equals(eventName) && response != null && response.isObject()) {
      return "Failure".equalsIgnoreCase(text(response.get("ConsoleLogin")));
    }
    return false;
  }

  /**
   * source.address as written; source.ip when it is an address, else source.domain when it is a
   * host name such as {@code ec2.amazonaws.com} (not for {@code AWS Internal}).
   */
  private static void sourceAddress(@Nullable String address, Event.Builder b) {
    if (address == null) {
      return;
    }
    b.extra("source.address", address);
    if (IpLiteral.isIp(address)) {
      b.sourceIp(address);
    } else if (isHostName(address)) {
      b.extra("source.domain", address);
    }
  }

  private static boolean isHostName(String v) {
    if (v.length() > 253 || v.startsWith(".") || v.startsWith("-")) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The user or role an ARN names: {@code arn:aws:iam::123456789012:user/Alice} gives {@code
   * Alice}, an assumed role's ARN its session name, the account's {@code ...:root} gives {@code
   * root}.
   */
  static @Nullable String lastPart(@Nullable String arn) {
    if (arn == null) {
      return null;
    }
    int cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
    String last = arn.substring(cut + 1);
    return last.isEmpty() ? null : last;
  }

  /** {@code 2014-07-16T15:49:27Z}, with optional fraction or offset. */
  private static @Nullable OffsetDateTime dateTime(String t) {
    if (t.length() > 40) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code +09:00}; UTC as {@code +00:00}, as the other parsers write it. */
  private static String offset(OffsetDateTime t) {
    String id = t.getOffset().getId();
    return "Z".equals(id) ? "+00:00" : id;
  }

  /**
   * A scalar's text with card numbers masked; null for a missing, null or container node, and for
   * {@code ""}.
   */
  private static @Nullable String text(@Nullable JsonNode n) {
    if (n == null || n.isNull() || !n.isValueNode()) {
      return null;
    }
    String t = n.asText();
    return t.isEmpty() ? null : CardMasker.mask(t);
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
}
