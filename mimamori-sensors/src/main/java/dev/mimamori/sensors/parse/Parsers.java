package dev.mimamori.sensors.parse;

import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The registry of log formats: one line per parser. */
public final class Parsers {
  private static final Map<String, LogParser> BY_FORMAT = new LinkedHashMap<>();

  static {
    register(new CombinedLogParser());
  }

  private Parsers() {}

  private static void register(LogParser p) {
    BY_FORMAT.put(p.format(), p);
  }

  public static Set<String> formats() {
    return BY_FORMAT.keySet();
  }

  /** The parser for a format name; {@code common} is read by the combined parser. */
  public static LogParser forFormat(String format) {
    String key = "common".equals(format) || "auto".equals(format) ? "combined" : format;
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
