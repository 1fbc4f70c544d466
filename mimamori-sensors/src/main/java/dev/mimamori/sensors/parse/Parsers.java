package dev.mimamori.sensors.parse;

import dev.mimamori.sensors.parse.alb.AlbLogParser;
import dev.mimamori.sensors.parse.apache.ApacheLogFormatParser;
import dev.mimamori.sensors.parse.awswaf.AwsWafLogParser;
import dev.mimamori.sensors.parse.cloudtrail.CloudTrailParser;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import dev.mimamori.sensors.parse.eccube.EccubeLogParser;
import dev.mimamori.sensors.parse.mysql.MysqlLogParser;
import dev.mimamori.sensors.parse.nginxjson.NginxJsonParser;
import dev.mimamori.sensors.parse.php.PhpErrorLogParser;
import dev.mimamori.sensors.parse.postgres.PostgresLogParser;
import dev.mimamori.sensors.parse.syslog.SyslogParser;
import dev.mimamori.sensors.parse.vpcflow.VpcFlowLogParser;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of log formats: one line per parser. */
public final class Parsers {
  /** RFC 3164 syslog times carry no zone: mimamori watches Japanese shops. */
  public static final ZoneId SYSLOG_ZONE = ZoneId.of("Asia/Tokyo");

  private static final Map<String, LogParser> BY_FORMAT = new LinkedHashMap<>();

  static {
    register(new CombinedLogParser());
    register(new EccubeLogParser());
    register(new PhpErrorLogParser());
    register(new NginxJsonParser());
    register(new AlbLogParser());
    register(new AwsWafLogParser());
    register(new CloudTrailParser());
    register(new VpcFlowLogParser());
    register(new MysqlLogParser());
    register(new PostgresLogParser());
    // Last: its messages are read by every format above (nginx can log over syslog).
    register(new SyslogParser(new AutoParser(List.copyOf(BY_FORMAT.values())), SYSLOG_ZONE));
  }

  /** {@code vpcflow:<format>} reads VPC flow logs with a custom field list. */
  public static final String VPCFLOW_PREFIX = "vpcflow:";

  /** {@code apache:<LogFormat string>} reads Apache logs of any {@code LogFormat}. */
  public static final String APACHE_PREFIX = "apache:";

  private Parsers() {}

  private static void register(LogParser p) {
    BY_FORMAT.put(p.format(), p);
  }

  public static Set<String> formats() {
    return BY_FORMAT.keySet();
  }

  /**
   * The parser for a format name: {@code auto} gives a new {@link AutoParser} over every format
   * (one per source, since it remembers the source's format); {@code common} is read by the
   * combined parser.
   */
  public static LogParser forFormat(String format) {
    if ("auto".equals(format)) {
      return new AutoParser(List.copyOf(BY_FORMAT.values()));
    }
    if (format.startsWith(VPCFLOW_PREFIX)) {
      // A VPC flow log's custom format: "vpcflow:${version} ${srcaddr} ..."
      return new VpcFlowLogParser(format.substring(VPCFLOW_PREFIX.length()));
    }
    if (format.startsWith(APACHE_PREFIX)) {
      // Apache's LogFormat is the server's own configuration: "apache:%h %l %u %t \"%r\" ..."
      return new ApacheLogFormatParser(format.substring(APACHE_PREFIX.length()));
    }
    if (dev.mimamori.sensors.csp.CspLogParser.FORMAT.equals(format)) {
      // Not among the auto-detected formats: only the server's CSP report route writes these lines.
      return new dev.mimamori.sensors.csp.CspLogParser();
    }
    if (dev.mimamori.sensors.storefront.PageCheckLogParser.FORMAT.equals(format)) {
      // Like csp: only the server's page monitor writes these lines.
      return new dev.mimamori.sensors.storefront.PageCheckLogParser();
    }
    if (dev.mimamori.sensors.uptime.UptimeLogParser.FORMAT.equals(format)) {
      // Not auto-detected either: only the uptime monitors write these lines.
      return new dev.mimamori.sensors.uptime.UptimeLogParser();
    }
    String key = "common".equals(format) ? "combined" : format;
    LogParser p = BY_FORMAT.get(key);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown log format '"
              + format
              + "' (known: auto, common, apache:<LogFormat>, vpcflow:<format>, "
              + String.join(", ", formats())
              + ")");
    }
    return p;
  }
}
