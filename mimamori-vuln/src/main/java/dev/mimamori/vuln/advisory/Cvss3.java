package dev.mimamori.vuln.advisory;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The CVSS 3.x base score of a vector ({@code CVSS:3.1/AV:N/AC:L/...}), as the specification
 * computes it: GitLab's records carry only the vector, and a severity needs the score.
 */
public final class Cvss3 {
  private Cvss3() {}

  public static OptionalDouble baseScore(String vector) {
    if (vector.length() > 200 || !vector.startsWith("CVSS:3.")) {
      return OptionalDouble.empty();
    }
    Map<String, String> m = new HashMap<>();
    String[] parts = vector.split("/");
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split(":", 2);
      if (kv.length == 2) {
        m.put(kv[0], kv[1]);
      }
    }
    try {
      boolean changed = "C".equals(need(m, "S"));
      double av = pick(need(m, "AV"), "N", .85, "A", .62, "L", .55, "P", .2);
      double ac = pick(need(m, "AC"), "L", .77, "H", .44);
      double pr = pick(need(m, "PR"), "N", .85, "L", changed ? .68 : .62, "H", changed ? .5 : .27);
      double ui = pick(need(m, "UI"), "N", .85, "R", .62);
      double c = cia(need(m, "C"));
      double in = cia(need(m, "I"));
      double a = cia(need(m, "A"));
      double iss = 1 - (1 - c) * (1 - in) * (1 - a);
      double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
      double exploitability = 8.22 * av * ac * pr * ui;
      if (impact <= 0) {
        return OptionalDouble.of(0);
      }
      double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
      return OptionalDouble.of(roundUp(Math.min(sum, 10)));
    } catch (IllegalArgumentException e) {
      return OptionalDouble.empty();
    }
  }

  private static String need(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }

  private static double cia(String v) {
    return pick(v, "H", .56, "L", .22, "N", 0.0);
  }

  private static double pick(String v, Object... table) {
    for (int i = 0; i < table.length; i += 2) {
      if (table[i].equals(v)) {
        return (double) table[i + 1];
      }
    }
    throw new IllegalArgumentException("bad metric value " + v);
  }

  /** The specification's Roundup: the smallest one-decimal number not below x. */
  static double roundUp(double x) {
    long i = Math.round(x * 100000);
    return i % 10000 == 0 ? i / 100000.0 : (Math.floor(i / 10000.0) + 1) / 10.0;
  }
}
