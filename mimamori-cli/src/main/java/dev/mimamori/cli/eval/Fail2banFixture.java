package dev.mimamori.cli.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's labelled test logs ({@code fail2ban/tests/files/logs/<filter>}): a comment {@code #
 * failJSON: {"match": true|false, ...}} labels the log line after it; a line without one above it
 * carries no label and is left out, as are other comments ({@code # filterOptions: ...}).
 */
public final class Fail2banFixture {
  private static final String LABEL = "# failJSON:";
  private static final Pattern MATCH = Pattern.compile("\"match\"\\s*:\\s*(true|false)");

  private Fail2banFixture() {}

  /**
   * The labelled lines of one fixture: {@code match: true} (a line the filter must count as a
   * failure) is an attack line, {@code match: false} a line it must not count.
   */
  public static List<Sample> read(String set, String text) {
    List<Sample> out = new ArrayList<>();
    Boolean match = null;
    for (String l : text.split("\r?\n", -1)) {
      if (l.startsWith(LABEL)) {
        Matcher m = MATCH.matcher(l);
        match = m.find() ? Boolean.valueOf(m.group(1)) : null;
      } else if (l.isBlank() || l.startsWith("#")) {
        continue;
      } else if (match != null) {
        out.add(new Sample(set, match, "", l));
        match = null;
      }
    }
    return out;
  }
}
