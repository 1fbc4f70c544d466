package dev.mimamori.detect.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Log4Shell (CVE-2021-44228): {@code ${jndi:...}} after resolving the lookups attackers nest to
 * hide it, as Log4j would: {@code ${lower:j}}, {@code ${upper:...}}, {@code ${::-j}} and any {@code
 * ${name:-default}}, {@code ${date:'j'}}. Nesting deeper than {@value #MAX_DEPTH} is read as text,
 * so the work stays linear.
 */
final class Log4Shell {
  private static final int MAX_DEPTH = 16;

  private Log4Shell() {}

  /** Where the first {@code ${} that resolves to a JNDI lookup starts, or -1. */
  static int analyze(String value) {
    if (value.indexOf("${") < 0) {
      return -1;
    }
    Deque<StringBuilder> stack = new ArrayDeque<>();
    Deque<Integer> starts = new ArrayDeque<>();
    StringBuilder top = new StringBuilder();
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '$' && i + 1 < n && value.charAt(i + 1) == '{' && stack.size() < MAX_DEPTH) {
        stack.push(top);
        starts.push(i);
        top = new StringBuilder();
        i++;
      } else if (c == '}' && !stack.isEmpty()) {
        String resolved = resolve(top.toString());
        int start = starts.pop();
        if (resolved == null) {
          return start;
        }
        top = stack.pop().append(resolved);
      } else {
        top.append(c);
      }
    }
    // An unclosed ${jndi: still reaches the lookup when the rest of the log line closes it.
    while (!stack.isEmpty()) {
      int start = starts.pop();
      if (isJndi(top.toString())) {
        return start;
      }
      top = stack.pop().append("${").append(top);
    }
    return -1;
  }

  /** What a lookup's text resolves to; {@code null} for a JNDI lookup. */
  private static @Nullable String resolve(String inner) {
    if (isJndi(inner)) {
      return null;
    }
    int dflt = inner.indexOf(":-");
    if (dflt >= 0) {
      return inner.substring(dflt + 2);
    }
    String lower = inner.toLowerCase(Locale.ROOT);
    if (lower.startsWith("lower:") || lower.startsWith("upper:")) {
      return inner.substring(6).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
    if (lower.startsWith("date:")) {
      return inner.substring(5).replace("'", "");
    }
    // Unknown lookups resolve to nothing an attacker controls.
    return "";
  }

  private static boolean isJndi(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return t.startsWith("jndi:");
  }
}
