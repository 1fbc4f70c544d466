package dev.mimamori.sensors.parse;

import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import dev.mimamori.sensors.parse.eccube.EccubeLogParser;
import dev.mimamori.sensors.parse.php.PhpErrorLogParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of log formats: one line per parser. */
public final class Parsers {
  private static final Map<String, LogParser> BY_FORMAT = new LinkedHashMap<>();

  static {
    register(new CombinedLogParser());
    register(new EccubeLogParser());
    register(new PhpErrorLogParser());
  }

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
    String key = "common".equals(format) ? "combined" : format;
    LogParser p = BY_FORMAT.get(key);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown log format '"
              + format
              + "' (known: auto, common, "
              + String.join(", ", formats())
              + ")");
    }
    return p;
  }
}
