package dev.mimamori.vuln.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Package versions of a {@code yarn.lock}, classic (v1: {@code version "3.6.0"}) or Berry ({@code
 * version: 3.6.0}). Only the entry keys and version lines are read.
 */
final class YarnLock {
  private static final Pattern KEY = Pattern.compile("^\"?(@?[^@\"\\s,][^@\"\\s,]*)@");
  private static final Pattern VERSION =
      Pattern.compile("^\\s+version:?\\s+\"?([^\"\\s]{1,64})\"?\\s*$");

  private YarnLock() {}

  /** A package and a version it is locked at (a name may be locked at several versions). */
  record Entry(String name, String version) {}

  static List<Entry> read(String text) {
    List<Entry> out = new ArrayList<>();
    String current = null;
    for (String line : text.split("\n", 1_000_000)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        Matcher k = KEY.matcher(line);
        current = k.find() ? k.group(1) : null;
        continue;
      }
      Matcher v = VERSION.matcher(line);
      if (current != null && v.matches() && !current.equals("__metadata")) {
        out.add(new Entry(current, v.group(1)));
        current = null;
      }
    }
    return out;
  }
}
