package dev.mimamori.vuln.advisory;

import java.util.ArrayList;
import java.util.List;

/** The vendor, product, version and update fields of a CPE 2.2 URI or 2.3 formatted string. */
final class Cpe {
  private Cpe() {}

  /** {@code [vendor, product, version, update]} as far as present; {@code *} and {@code -} kept. */
  static String[] fields(String cpe) {
    List<String> parts = split(cpe.strip());
    int start;
    if (parts.size() > 2 && parts.get(0).equals("cpe") && parts.get(1).equals("2.3")) {
      start = 3;
    } else if (parts.size() > 1 && parts.get(0).equals("cpe")) {
      start = 2;
    } else {
      return new String[0];
    }
    List<String> out = new ArrayList<>();
    for (int i = start; i < parts.size() && out.size() < 4; i++) {
      out.add(parts.get(i).replace("\\", ""));
    }
    return out.toArray(String[]::new);
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length() && s.length() < 1000; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ':') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
