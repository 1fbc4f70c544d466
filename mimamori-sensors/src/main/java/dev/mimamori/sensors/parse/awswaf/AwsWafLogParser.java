package dev.mimamori.sensors.parse.awswaf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.BoundedJson;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.IpLiteral;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * AWS WAF (v2) web ACL traffic logs: one JSON record per line, as WAF delivers them to CloudWatch
 * Logs, to S3 and through Firehose, for example (shortened)
 *
 * <pre>{@code
 * {"timestamp":1576280412771,"formatVersion":1,"webaclId":"arn:aws:wafv2:...:regional/webacl/STMTest/...",
 *  "terminatingRuleId":"STMTest_SQLi_XSS","terminatingRuleType":"REGULAR","action":"BLOCK",
 *  "httpSourceName":"ALB","httpSourceId":"...","ruleGroupList":[],"rateBasedRuleList":[],
 *  "nonTerminatingMatchingRules":[],"responseCodeSent":null,"httpRequest":{"clientIp":"1.1.1.1",
 *  "country":"AU","headers":[{"name":"Host","value":"localhost:1989"},{"name":"User-Agent",
 *  "value":"curl/7.61.1"}],"uri":"/foo","args":"","httpVersion":"HTTP/1.1","httpMethod":"GET",
 *  "requestId":"rid"},"labels":[{"name":"awswaf:managed:aws:core-rule-set:..."}]}
 * }</pre>
 *
 * A record needs {@code timestamp} (milliseconds since the epoch), {@code action} and {@code
 * httpRequest.clientIp}; {@code ""} and {@code -} (WAF's "unknown", e.g. for {@code country}) mean
 * absent. The URL is WAF's {@code uri} and {@code args} as the client sent them; user agent,
 * referrer and host come from the request headers, whose names are matched without regard to case.
 *
 * <p>Jackson reads the line once under hard limits (256 KiB, nesting depth 12, strict duplicate
 * keys: a repeated key means a value broke out of its string, so the line is refused). Card numbers
 * are masked in the raw line before it is parsed, and again in each decoded value, since a {@code
 * \}{@code u0034}-style escape could hide one from the first pass.
 */
public final class AwsWafLogParser implements LogParser {

  public static final String DATASET = "aws.waf";
  static final int MAX_LINE = 256 * 1024;
  static final int MAX_DEPTH = 12;
  // The largest time Instant.toString() writes with a four-digit year (9999-12-31T23:59:59.999Z).
  private static final long MAX_MILLIS = 253_402_300_799_999L;

  private static final BoundedJson JSON = new BoundedJson(MAX_LINE, MAX_DEPTH);

  @Override
  public String format() {
    return "aws-waf";
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

    JsonNode ts = root.get("timestamp");
    if (ts == null || ts.isNull()) {
      return reject("no timestamp: not an AWS WAF log record", ctx);
    }
    Instant time = epochMillis(ts);
    if (time == null) {
      return reject(
          "bad timestamp '" + clip(ts.toString()) + "' (expected milliseconds since the epoch)",
          ctx);
    }
    String action = text(root.get("action"));
    if (action == null) {
      return reject("no action: not an AWS WAF log record", ctx);
    }
    if (!isWord(action)) {
      return reject("bad action '" + clip(action) + "' (expected ALLOW, BLOCK, CAPTCHA, ...)", ctx);
    }
    JsonNode request = root.get("httpRequest");
    if (request == null || !request.isObject()) {
      return reject("no httpRequest object: not an AWS WAF log record", ctx);
    }
    String clientIp = text(request.get("clientIp"));
    if (clientIp == null || !IpLiteral.isIp(clientIp)) {
      return reject("bad httpRequest.clientIp '" + clip(clientIp) + "'", ctx);
    }
    JsonNode code = root.get("responseCodeSent");
    Integer status = null;
    if (code != null && !code.isNull()) {
      status = statusCode(code);
      if (status == null) {
        return reject("bad responseCodeSent '" + clip(code.toString()) + "'", ctx);
      }
    }

    Event.Builder b =
        Event.builder()
            .timestamp(time)
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(line)
            .sourceIp(clientIp)
            .method(text(request.get("httpMethod")))
            .statusCode(status)
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    b.extra("event.action", action.toLowerCase(Locale.ROOT));
    url(request, b);
    headers(request, b);
    put(b, "source.geo.country_iso_code", text(request.get("country")));
    String version = text(request.get("httpVersion"));
    if (version != null && version.startsWith("HTTP/") && version.length() > 5) {
      b.extra("http.version", version.substring(5));
    }
    put(b, "http.request.id", text(request.get("requestId")));
    put(b, "rule.id", text(root.get("terminatingRuleId")));
    put(b, "rule.ruleset", text(root.get("terminatingRuleType")));
    put(b, "aws.waf.web_acl_id", text(root.get("webaclId")));
    put(b, "aws.waf.format_version", text(root.get("formatVersion")));
    put(b, "aws.waf.source.name", text(root.get("httpSourceName")));
    put(b, "aws.waf.source.id", text(root.get("httpSourceId")));
    ruleGroup(root.get("ruleGroupList"), b);
    put(b, "aws.waf.labels", labels(root.get("labels")));
    return new ParseResult.Parsed(b.build());
  }

  /** The one JSON object on the line; the line must end where the object does. */
  /** url.path, url.query and url.original from WAF's uri and args; scheme and domain if given. */
  private static void url(JsonNode request, Event.Builder b) {
    String uri = text(request.get("uri"));
    String args = text(request.get("args"));
    b.urlPath(uri).urlQuery(args);
    if (uri != null) {
      b.urlOriginal(args == null ? uri : uri + "?" + args);
    }
    put(b, "url.scheme", text(request.get("scheme")));
    String host = text(request.get("host"));
    if (host != null) {
      put(b, "url.domain", hostName(host));
    }
  }

  /** User-Agent, Referer and Host, names in any case; the first of each when repeated. */
  private static void headers(JsonNode request, Event.Builder b) {
    JsonNode headers = request.get("headers");
    if (headers == null || !headers.isArray()) {
      return;
    }
    String agent = null;
    String referrer = null;
    String host = null;
    for (JsonNode h : headers) {
      String name = h.isObject() ? text(h.get("name")) : null;
      if (name == null) {
        continue;
      }
      if (agent == null && name.equalsIgnoreCase("User-Agent")) {
        agent = text(h.get("value"));
      } else if (referrer == null && name.equalsIgnoreCase("Referer")) {
        referrer = text(h.get("value"));
      } else if (host == null && name.equalsIgnoreCase("Host")) {
        host = text(h.get("value"));
      }
    }
    b.userAgent(agent).referrer(referrer);
    if (host != null && request.get("host") == null) {
      put(b, "url.domain", hostName(host));
    }
  }

  /**
   * When a rule group ended the inspection, its id and the id of its rule that did: for a managed
   * group, terminatingRuleId names only the group.
   */
  private static void ruleGroup(@Nullable JsonNode groups, Event.Builder b) {
    if (groups == null || !groups.isArray()) {
      return;
    }
    for (JsonNode g : groups) {
      JsonNode terminating = g.isObject() ? g.get("terminatingRule") : null;
      if (terminating != null && terminating.isObject()) {
        put(b, "aws.waf.rule_group.id", text(g.get("ruleGroupId")));
        put(b, "aws.waf.rule_group.terminating_rule_id", text(terminating.get("ruleId")));
        return;
      }
    }
  }

  /** The label names, comma-joined; null when there are none. */
  private static @Nullable String labels(@Nullable JsonNode labels) {
    if (labels == null || !labels.isArray()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode l : labels) {
      String name = l.isObject() ? text(l.get("name")) : null;
      if (name != null) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(name);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  /** {@code shop.example.jp:443} or {@code [2001:db8::1]:443}: the host without its port. */
  private static @Nullable String hostName(String host) {
    int close = host.indexOf(']');
    if (host.startsWith("[") && close > 1) {
      return host.substring(1, close);
    }
    int colon = host.indexOf(':');
    String name = colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    return name.isEmpty() ? null : name;
  }

  /** A JSON integer (or a string of digits) of milliseconds since the epoch. */
  private static @Nullable Instant epochMillis(JsonNode ts) {
    long millis;
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      millis = ts.longValue();
    } else if (ts.isTextual()) {
      Long n = number(ts.textValue(), 15);
      if (n == null) {
        return null;
      }
      millis = n;
    } else {
      return null;
    }
    return millis < 0 || millis > MAX_MILLIS ? null : Instant.ofEpochMilli(millis);
  }

  private static @Nullable Integer statusCode(JsonNode code) {
    Long s;
    if (code.isIntegralNumber() && code.canConvertToLong()) {
      s = code.longValue();
    } else if (code.isTextual()) {
      s = number(code.textValue(), 3);
    } else {
      return null;
    }
    return s == null || s < 100 || s > 999 ? null : s.intValue();
  }

  /**
   * A scalar's text with card numbers masked; null for a missing, null or container node, and for
   * {@code ""} and {@code -}.
   */
  private static @Nullable String text(@Nullable JsonNode n) {
    if (n == null || n.isNull() || !n.isValueNode()) {
      return null;
    }
    String t = n.asText();
    return t.isEmpty() || t.equals("-") ? null : CardMasker.mask(t);
  }

  /** WAF's actions are upper-case words: ALLOW, BLOCK, COUNT, CAPTCHA, CHALLENGE. */
  private static boolean isWord(String v) {
    if (v.length() > 32) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && c != '_') {
        return false;
      }
    }
    return true;
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
