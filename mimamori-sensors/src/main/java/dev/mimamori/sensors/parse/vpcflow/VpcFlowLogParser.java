package dev.mimamori.sensors.parse.vpcflow;

import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.IpLiteral;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Amazon VPC Flow Logs records, as published to CloudWatch Logs or to S3 in plain text: one record
 * per line, its fields separated by spaces, {@code -} where a field has no value. The default
 * (version 2) format is
 *
 * <pre>{@code
 * version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end
 * action log-status
 * }</pre>
 *
 * for example {@code 2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20
 * 4249 1418530010 1418530070 ACCEPT OK}. A flow log created with a custom format lists its fields
 * in any order: give that format ({@code ${version} ${vpc-id} ${srcaddr} ...}, as the flow log's
 * LogFormat shows it) to {@link #VpcFlowLogParser(String)}. Fields without an ECS home go to {@code
 * aws.vpcflow.<name>} with {@code -} written {@code _}; names this parser does not know (AWS adds
 * fields over time) are kept the same way.
 *
 * <p>NODATA and SKIPDATA records ({@code 2 123456789010 eni-1235b8ca123456789 - - - - - - -
 * 1431280876 1431280934 - NODATA}) are events too, with event.outcome set and the missing fields
 * left out. The header line S3 delivery writes first (the field names) is rejected as a header
 * line. A record needs the format's number of fields and a start or end time.
 *
 * <p>Card numbers: every field is masked on its own, and event.original is the line with each field
 * so masked. Masking the line as a whole would read the numbers AWS writes side by side ({@code 6
 * 12 912 1759829718}) as one card and spoil about one default-format record in fifteen; no field of
 * a flow log holds text a client chose, so a card cannot be split over several fields.
 */
public final class VpcFlowLogParser implements LogParser {

  public static final String DATASET = "aws.vpcflow";

  /** The version 2 default format, in the order AWS writes it. */
  public static final String DEFAULT_FORMAT =
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}"
          + " ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

  static final int MAX_LINE = 64 * 1024;
  private static final int MAX_FIELDS = 256;

  // What a field means to the parser; OTHER fields are kept under aws.vpcflow.<name>.
  private static final int OTHER = 0;
  private static final int VERSION = 1;
  private static final int ACCOUNT_ID = 2;
  private static final int SRCADDR = 3;
  private static final int DSTADDR = 4;
  private static final int SRCPORT = 5;
  private static final int DSTPORT = 6;
  private static final int PROTOCOL = 7;
  private static final int PACKETS = 8;
  private static final int BYTES = 9;
  private static final int START = 10;
  private static final int END = 11;
  private static final int ACTION = 12;
  private static final int LOG_STATUS = 13;
  private static final int REGION = 14;
  private static final int AZ_ID = 15;
  private static final int PKT_ADDR = 16;

  private static final Map<String, Integer> ROLES = roles();

  /**
   * The fields AWS documents for VPC Flow Logs versions 2 to 8 and for Transit Gateway Flow Logs: a
   * line made of these names only is a header line.
   */
  private static final Set<String> KNOWN =
      Set.of(
          "version",
          "account-id",
          "interface-id",
          "srcaddr",
          "dstaddr",
          "srcport",
          "dstport",
          "protocol",
          "packets",
          "bytes",
          "start",
          "end",
          "action",
          "log-status",
          "vpc-id",
          "subnet-id",
          "instance-id",
          "tcp-flags",
          "type",
          "pkt-srcaddr",
          "pkt-dstaddr",
          "region",
          "az-id",
          "sublocation-type",
          "sublocation-id",
          "pkt-src-aws-service",
          "pkt-dst-aws-service",
          "flow-direction",
          "traffic-path",
          "resource-type",
          "tgw-id",
          "tgw-attachment-id",
          "tgw-src-vpc-account-id",
          "tgw-dst-vpc-account-id",
          "tgw-src-vpc-id",
          "tgw-dst-vpc-id",
          "tgw-src-subnet-id",
          "tgw-dst-subnet-id",
          "tgw-src-eni",
          "tgw-dst-eni",
          "tgw-src-az-id",
          "tgw-dst-az-id",
          "tgw-pair-attachment-id",
          "packets-lost-no-route",
          "packets-lost-blackhole",
          "packets-lost-mtu-exceeded",
          "packets-lost-ttl-expired",
          "ecs-cluster-arn",
          "ecs-cluster-name",
          "ecs-container-instance-arn",
          "ecs-container-instance-id",
          "ecs-container-id",
          "ecs-second-container-id",
          "ecs-service-name",
          "ecs-task-definition-arn",
          "ecs-task-arn",
          "ecs-task-id",
          "reject-reason");

  private final List<String> fields;
  private final Set<String> fieldSet;
  private final int[] roles;
  private final String[] extraNames;

  /** Reads flow logs in the version 2 default format. */
  public VpcFlowLogParser() {
    this(DEFAULT_FORMAT);
  }

  /**
   * Reads flow logs in a custom format.
   *
   * @param format the flow log's LogFormat, {@code ${field}} separated by spaces, e.g. {@code
   *     ${version} ${vpc-id} ${srcaddr} ${dstaddr} ${start} ${end} ${action} ${log-status}}; bare
   *     names ({@code version vpc-id ...}, as Filebeat takes them) and {@code _} for {@code -} are
   *     read too
   * @throws IllegalArgumentException when a field is malformed or repeated, or the format has
   *     neither {@code start} nor {@code end} (an event needs a time)
   */
  public VpcFlowLogParser(String format) {
    Objects.requireNonNull(format, "format");
    List<String> names = new ArrayList<>();
    for (String token : format.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      names.add(fieldName(token));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("VPC flow log format has no fields");
    }
    if (names.size() > MAX_FIELDS) {
      throw new IllegalArgumentException(
          "VPC flow log format has " + names.size() + " fields, more than " + MAX_FIELDS);
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "VPC flow log format names ${" + name + "} twice: '" + format + "'");
      }
    }
    if (!seen.contains("start") && !seen.contains("end")) {
      throw new IllegalArgumentException(
          "VPC flow log format has neither ${start} nor ${end}: its records have no time");
    }
    this.fields = List.copyOf(names);
    this.fieldSet = Collections.unmodifiableSet(seen);
    this.roles = new int[names.size()];
    this.extraNames = new String[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      roles[i] = ROLES.getOrDefault(name, OTHER);
      extraNames[i] = "aws.vpcflow." + name.replace('-', '_');
    }
  }

  /** {@code ${account-id}}, {@code account-id} or {@code account_id}: {@code account-id}. */
  private static String fieldName(String token) {
    String name = token;
    if (name.startsWith("${") && name.endsWith("}") && name.length() > 3) {
      name = name.substring(2, name.length() - 1);
    }
    name = name.replace('_', '-');
    boolean ok = !name.isEmpty() && name.charAt(0) != '-' && name.charAt(name.length() - 1) != '-';
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "bad VPC flow log field '" + token + "' (expected ${name}, e.g. ${srcaddr})");
    }
    return name;
  }

  private static Map<String, Integer> roles() {
    Map<String, Integer> m = new HashMap<>();
    m.put("version", VERSION);
    m.put("account-id", ACCOUNT_ID);
    m.put("srcaddr", SRCADDR);
    m.put("dstaddr", DSTADDR);
    m.put("srcport", SRCPORT);
    m.put("dstport", DSTPORT);
    m.put("protocol", PROTOCOL);
    m.put("packets", PACKETS);
    m.put("bytes", BYTES);
    m.put("start", START);
    m.put("end", END);
    m.put("action", ACTION);
    m.put("log-status", LOG_STATUS);
    m.put("region", REGION);
    m.put("az-id", AZ_ID);
    m.put("pkt-srcaddr", PKT_ADDR);
    m.put("pkt-dstaddr", PKT_ADDR);
    return Collections.unmodifiableMap(m);
  }

  /** The fields this parser reads, in order, by their AWS names ({@code account-id}). */
  public List<String> fields() {
    return fields;
  }

  @Override
  public String format() {
    return "aws-vpcflow";
  }

  @Override
  public ParseResult parse(String rawLine, LineContext ctx) {
    if (rawLine.length() > MAX_LINE) {
      return reject("line longer than " + MAX_LINE + " characters", ctx);
    }
    // One pass: split on runs of spaces, masking each field on its own (see the class comment).
    List<String> values = new ArrayList<>(fields.size());
    StringBuilder original = new StringBuilder(rawLine.length());
    int n = rawLine.length();
    int i = 0;
    while (i < n) {
      int start = i;
      while (i < n && rawLine.charAt(i) == ' ') {
        i++;
      }
      original.append(rawLine, start, i);
      if (i == n) {
        break;
      }
      int end = rawLine.indexOf(' ', i);
      end = end < 0 ? n : end;
      String value = CardMasker.mask(rawLine.substring(i, end));
      original.append(value);
      if (values.size() <= MAX_FIELDS) {
        values.add(value);
      }
      i = end;
    }
    if (values.isEmpty()) {
      return reject("empty line", ctx);
    }
    if (isHeader(values)) {
      return reject(
          values.equals(fields)
              ? "header line (the field names S3 delivery writes first)"
              : "header line of another format (this parser reads: "
                  + String.join(" ", fields)
                  + ")",
          ctx);
    }
    if (values.size() != fields.size()) {
      return reject(
          "expected "
              + fields.size()
              + " fields ("
              + clip(String.join(" ", fields))
              + "), found "
              + (values.size() > MAX_FIELDS ? "more than " + MAX_FIELDS : values.size()),
          ctx);
    }
    return read(values, original.toString(), ctx);
  }

  /** A line of field names only, at least one of them one this format reads. */
  private boolean isHeader(List<String> values) {
    boolean ours = false;
    for (String v : values) {
      if (!KNOWN.contains(v) && !fieldSet.contains(v)) {
        return false;
      }
      ours |= fieldSet.contains(v);
    }
    return ours;
  }

  private ParseResult read(List<String> values, String original, LineContext ctx) {
    Event.Builder b =
        Event.builder()
            .tenant(ctx.tenant())
            .asset(ctx.asset())
            .dataset(DATASET)
            .original(original)
            .logFilePath(ctx.logFilePath())
            .logOffset(ctx.logOffset())
            .lineNumber(ctx.lineNumber());
    Instant start = null;
    Instant end = null;
    for (int k = 0; k < values.size(); k++) {
      String v = values.get(k);
      if (v.equals("-")) {
        continue; // no data for this field in this record
      }
      String name = fields.get(k);
      switch (roles[k]) {
        case VERSION:
          if (number(v, 3) == null) {
            return bad(name, v, "a version number", ctx);
          }
          b.extra("aws.vpcflow.version", v);
          break;
        case ACCOUNT_ID:
          // "unknown" for interfaces AWS services create (VPC endpoints, NLB).
          if (number(v, 20) == null && !v.equals("unknown")) {
            return bad(name, v, "an account ID", ctx);
          }
          b.extra("cloud.account.id", v);
          break;
        case SRCADDR:
          if (!IpLiteral.isIp(v)) {
            return bad(name, v, "an IP address", ctx);
          }
          b.sourceIp(v);
          break;
        case DSTADDR:
          if (!IpLiteral.isIp(v)) {
            return bad(name, v, "an IP address", ctx);
          }
          b.extra("destination.ip", v);
          break;
        case PKT_ADDR:
          if (!IpLiteral.isIp(v)) {
            return bad(name, v, "an IP address", ctx);
          }
          b.extra(extraNames[k], v);
          break;
        case SRCPORT:
        case DSTPORT:
          Long port = number(v, 5);
          if (port == null || port > 65535) {
            return bad(name, v, "a port", ctx);
          }
          b.extra(roles[k] == SRCPORT ? "source.port" : "destination.port", port.toString());
          break;
        case PROTOCOL:
          Long protocol = number(v, 3);
          if (protocol == null || protocol > 255) {
            return bad(name, v, "an IANA protocol number", ctx);
          }
          b.extra("network.iana_number", protocol.toString());
          String transport = transport(protocol.intValue());
          if (transport != null) {
            b.extra("network.transport", transport);
          }
          break;
        case PACKETS:
        case BYTES:
          Long count = number(v, 18);
          if (count == null) {
            return bad(name, v, "a count", ctx);
          }
          b.extra(roles[k] == PACKETS ? "network.packets" : "network.bytes", count.toString());
          break;
        case START:
        case END:
          Long seconds = number(v, 11);
          if (seconds == null) {
            return bad(name, v, "Unix seconds", ctx);
          }
          if (roles[k] == START) {
            start = Instant.ofEpochSecond(seconds);
          } else {
            end = Instant.ofEpochSecond(seconds);
          }
          break;
        case ACTION:
          if (!v.equals("ACCEPT") && !v.equals("REJECT")) {
            return bad(name, v, "ACCEPT or REJECT", ctx);
          }
          b.extra("event.action", v.toLowerCase(Locale.ROOT));
          break;
        case LOG_STATUS:
          if (!v.equals("OK") && !v.equals("NODATA") && !v.equals("SKIPDATA")) {
            return bad(name, v, "OK, NODATA or SKIPDATA", ctx);
          }
          b.extra("event.outcome", v.toLowerCase(Locale.ROOT));
          break;
        case REGION:
          b.extra("cloud.region", v);
          break;
        case AZ_ID:
          b.extra("cloud.availability_zone", v);
          break;
        default:
          b.extra(extraNames[k], v);
      }
    }
    if (start == null && end == null) {
      return reject("no start or end time ('-'): a record needs a time", ctx);
    }
    b.timestamp(start != null ? start : end);
    if (end != null) {
      b.extra("event.end", end.toString());
    }
    return new ParseResult.Parsed(b.build());
  }

  /** The ECS network.transport of an IANA protocol number, for the common ones. */
  private static @Nullable String transport(int protocol) {
    switch (protocol) {
      case 1:
        return "icmp";
      case 6:
        return "tcp";
      case 17:
        return "udp";
      case 58:
        return "ipv6-icmp";
      default:
        return null;
    }
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

  private static ParseResult bad(String field, String value, String expected, LineContext ctx) {
    return reject("bad " + field + " '" + clip(value) + "' (expected " + expected + ")", ctx);
  }

  private static String clip(String v) {
    return v.length() > 60 ? v.substring(0, 60) + "..." : v;
  }

  private static ParseResult reject(String reason, LineContext ctx) {
    return new ParseResult.Rejected(reason, ctx.lineNumber());
  }
}
