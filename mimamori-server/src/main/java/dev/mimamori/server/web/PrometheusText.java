package dev.mimamori.server.web;

import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus' text exposition format (version 0.0.4): HELP and TYPE lines, samples with labels
 * whose values are escaped (backslash, double quote, newline), so a file path or tenant name from
 * configuration cannot break a scrape.
 */
final class PrometheusText {
  private final StringBuilder b = new StringBuilder();

  void counter(String name, String help, long value) {
    help(name, "counter", help);
    sample(name, Map.of(), value);
  }

  void gauge(String name, String help, long value) {
    help(name, "gauge", help);
    sample(name, Map.of(), value);
  }

  void help(String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  void sample(String name, Map<String, String> labels, long value) {
    b.append(name);
    if (!labels.isEmpty()) {
      b.append('{');
      boolean first = true;
      for (var e : new TreeMap<>(labels).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        b.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
      }
      b.append('}');
    }
    b.append(' ').append(value).append('\n');
  }

  static String escape(String v) {
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
