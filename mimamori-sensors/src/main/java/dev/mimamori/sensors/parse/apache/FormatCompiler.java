package dev.mimamori.sensors.parse.apache;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compiles an Apache {@code LogFormat} string into matchers, the way mod_log_config reads it: a
 * {@code %} directive is {@code %}, then any of the modifiers {@code <}, {@code >}, {@code !}, a
 * comma-separated status list and a {@code {argument}}, then its letter; {@code %%} is a percent
 * sign; in literal text {@code \n}, {@code \t}, {@code \r}, {@code \\} and (as httpd.conf writes
 * it) {@code \"} stand for the character.
 */
final class FormatCompiler {
  /** The letter of the compound field {@code %U%q}; not a letter Apache uses. */
  static final char PATH_AND_QUERY = '?';

  private FormatCompiler() {}

  /** A directive as written, before it knows its neighbour. */
  private record Directive(
      char letter,
      @Nullable String arg,
      boolean finalRequest,
      boolean conditional,
      String written) {}

  static List<Matcher> compile(String format) {
    List<Object> tokens = tokenize(format);
    List<Matcher> matchers = new ArrayList<>();
    Set<TimeMatcher.Kind> timeKinds = EnumSet.noneOf(TimeMatcher.Kind.class);
    for (int k = 0; k < tokens.size(); k++) {
      Object t = tokens.get(k);
      if (t instanceof String text) {
        matchers.add(new LiteralMatcher(text));
        continue;
      }
      Directive d = (Directive) t;
      if (d.letter() == 't') {
        TimeMatcher time = TimeMatcher.of(d.arg(), d.written());
        timeKinds.addAll(time.kinds());
        matchers.add(time);
        continue;
      }
      Object next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
      if (d.letter() == 'U' && next instanceof Directive q && q.letter() == 'q') {
        // "%U%q" is common and readable: %q is empty or starts with '?'. One field, split there.
        d = new Directive(PATH_AND_QUERY, null, false, false, d.written() + q.written());
        k++;
        next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
      }
      if (next instanceof Directive other) {
        // Without text between them nothing tells where one value ends and the next begins.
        throw new IllegalArgumentException(
            "LogFormat directives "
                + d.written()
                + " and "
                + other.written()
                + " must be separated by literal text");
      }
      matchers.add(
          new FieldMatcher(
              d.letter(), d.arg(), d.finalRequest(), d.conditional(), (String) next, d.written()));
    }
    checkTime(format, timeKinds);
    return List.copyOf(matchers);
  }

  /** Literal text (as String) and directives, in order; adjacent text merged. */
  private static List<Object> tokenize(String f) {
    if (f.isBlank()) {
      throw new IllegalArgumentException("empty LogFormat");
    }
    List<Object> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    int n = f.length();
    while (i < n) {
      char c = f.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char e = f.charAt(i + 1);
        int known = "\\rnt\"".indexOf(e);
        if (known >= 0) {
          text.append("\\\r\n\t\"".charAt(known));
          i += 2;
        } else {
          text.append(c); // mod_log_config copies an unknown escape verbatim
          i++;
        }
        continue;
      }
      if (c != '%') {
        text.append(c);
        i++;
        continue;
      }
      if (i + 1 < n && f.charAt(i + 1) == '%') {
        text.append('%');
        i += 2;
        continue;
      }
      if (text.length() > 0) {
        tokens.add(text.toString());
        text.setLength(0);
      }
      i = directive(f, i, tokens);
    }
    if (text.length() > 0) {
      tokens.add(text.toString());
    }
    return tokens;
  }

  /** Reads the directive starting at the {@code %} at {@code start}; returns where it ends. */
  private static int directive(String f, int start, List<Object> tokens) {
    int j = start + 1;
    int n = f.length();
    String arg = null;
    boolean finalRequest = false;
    boolean conditional = false;
    while (j < n) {
      char c = f.charAt(j);
      if (c == '<' || c == '>') {
        finalRequest = c == '>';
        j++;
      } else if (c == '!' || c == ',') {
        j++;
      } else if (c >= '0' && c <= '9') {
        conditional = true; // other statuses log "-"
        while (j < n && f.charAt(j) >= '0' && f.charAt(j) <= '9') {
          j++;
        }
      } else if (c == '{') {
        int close = f.indexOf('}', j + 1);
        if (close < 0) {
          throw new IllegalArgumentException(
              "LogFormat has an unclosed '{' at column " + (j + 1) + ": " + f);
        }
        arg = f.substring(j + 1, close);
        j = close + 1;
      } else if (c == '^' && j + 2 < n) {
        // The two-letter trailer directives %{name}^ti and %{name}^to.
        String tag = f.substring(j + 1, j + 3);
        if (!tag.equals("ti") && !tag.equals("to")) {
          throw new IllegalArgumentException(
              "unknown LogFormat directive %^" + tag + " at column " + (start + 1));
        }
        tokens.add(new Directive('^', arg, finalRequest, conditional, f.substring(start, j + 3)));
        return j + 3;
      } else {
        tokens.add(new Directive(c, arg, finalRequest, conditional, f.substring(start, j + 1)));
        return j + 1;
      }
    }
    throw new IllegalArgumentException(
        "LogFormat ends inside the directive starting at column " + (start + 1) + ": " + f);
  }

  /** An event needs a time: refuse at start-up a format whose lines could never make one. */
  private static void checkTime(String format, Set<TimeMatcher.Kind> kinds) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException(
          "LogFormat has no time (%t or %{format}t); an event needs one: " + format);
    }
    if (kinds.contains(TimeMatcher.Kind.EPOCH_SECONDS)
        || kinds.contains(TimeMatcher.Kind.EPOCH_MILLIS)
        || kinds.contains(TimeMatcher.Kind.EPOCH_MICROS)) {
      return;
    }
    boolean date =
        kinds.contains(TimeMatcher.Kind.YEAR)
            && (kinds.contains(TimeMatcher.Kind.MONTH)
                || kinds.contains(TimeMatcher.Kind.MONTH_NAME))
            && (kinds.contains(TimeMatcher.Kind.DAY)
                || kinds.contains(TimeMatcher.Kind.DAY_SPACE_PADDED))
            && kinds.contains(TimeMatcher.Kind.HOUR)
            && kinds.contains(TimeMatcher.Kind.MINUTE);
    if (!date) {
      throw new IllegalArgumentException(
          "LogFormat time is incomplete: it needs the epoch (sec, msec, usec, %s) or year, month,"
              + " day, hour and minute: "
              + format);
    }
  }
}
