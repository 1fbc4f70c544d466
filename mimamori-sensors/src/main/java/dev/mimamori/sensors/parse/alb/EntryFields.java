package dev.mimamori.sensors.parse.alb;

import dev.mimamori.sensors.parse.CardMasker;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The space-separated fields of one access log entry. A field is either a bare token or a
 * double-quoted string, in which a backslash escapes the next character; values are kept as
 * written, quotes removed. One pass over the line.
 *
 * <p>Card numbers: the whole line is masked ({@link #line()}, what event.original keeps), and the
 * quoted fields, which carry what clients sent, are read from it. The bare fields are ALB's own
 * numbers and names; each is masked on its own instead, because numbers written side by side
 * ({@code 404 404 512 1807}) can pass for one card and would otherwise be spoiled.
 */
final class EntryFields {
  private final String masked;
  private final String[] values;
  private final boolean[] quoted;

  private EntryFields(String masked, String[] values, boolean[] quoted) {
    this.masked = masked;
    this.values = values;
    this.quoted = quoted;
  }

  /** The fields of {@code rawLine}; null when a quoted field is not closed or is run together. */
  static @Nullable EntryFields split(String rawLine) {
    String masked = CardMasker.mask(rawLine);
    // Masking keeps the length (digits become '*'); if it ever did not, read the masked line only.
    String line = masked.length() == rawLine.length() ? rawLine : masked;
    List<int[]> spans = new ArrayList<>();
    int n = line.length();
    int i = 0;
    while (i < n) {
      if (line.charAt(i) == ' ') {
        i++;
        continue;
      }
      if (line.charAt(i) == '"') {
        int end = closingQuote(line, i + 1);
        if (end < 0 || (end + 1 < n && line.charAt(end + 1) != ' ')) {
          return null;
        }
        spans.add(new int[] {i + 1, end, 1});
        i = end + 1;
      } else {
        int end = line.indexOf(' ', i);
        end = end < 0 ? n : end;
        spans.add(new int[] {i, end, 0});
        i = end;
      }
    }
    String[] values = new String[spans.size()];
    boolean[] quoted = new boolean[spans.size()];
    for (int k = 0; k < spans.size(); k++) {
      int[] span = spans.get(k);
      quoted[k] = span[2] == 1;
      values[k] =
          quoted[k]
              ? masked.substring(span[0], span[1])
              : CardMasker.mask(line.substring(span[0], span[1]));
    }
    return new EntryFields(masked, values, quoted);
  }

  private static int closingQuote(String line, int from) {
    for (int i = from, n = line.length(); i < n; i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** The whole line with card numbers masked. */
  String line() {
    return masked;
  }

  int size() {
    return values.length;
  }

  /** The field's value, card numbers masked. */
  String get(int index) {
    return values[index];
  }

  boolean quoted(int index) {
    return quoted[index];
  }

  /** The field, or null when the entry is shorter or the field is {@code -} or empty. */
  @Nullable String value(int index) {
    if (index >= values.length) {
      return null;
    }
    String v = values[index];
    return v.isEmpty() || v.equals("-") ? null : v;
  }
}
