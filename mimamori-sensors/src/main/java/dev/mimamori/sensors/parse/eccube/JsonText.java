package dev.mimamori.sensors.parse.eccube;

import org.jspecify.annotations.Nullable;

/**
 * A small, bounded reader for the JSON that Monolog's {@code LineFormatter} writes for {@code
 * %context%} ({@code json_encode} with {@code JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE}).
 * Every method is iterative (no recursion), never looks outside the range it is given, caps the
 * nesting depth, and runs in time linear in the range.
 */
final class JsonText {
  /** Deeper nesting is refused; Monolog's normalizer stops at depth 9 anyway. */
  static final int MAX_DEPTH = 64;

  private JsonText() {}

  /** A decoded JSON string and the index just after its closing quote. */
  record Str(String value, int end) {}

  /** Whether {@code s[from, to)} holds exactly one JSON value, optionally padded with spaces. */
  static boolean isValue(String s, int from, int to) {
    char[] stack = new char[MAX_DEPTH];
    int depth = 0;
    boolean expectValue = true;
    int i = skipSpaces(s, from, to);
    while (true) {
      if (expectValue) {
        if (i >= to) {
          return false;
        }
        char c = s.charAt(i);
        if (c == '[' || c == '{') {
          if (depth == MAX_DEPTH) {
            return false;
          }
          stack[depth++] = c;
          i = skipSpaces(s, i + 1, to);
          char close = c == '[' ? ']' : '}';
          if (i < to && s.charAt(i) == close) {
            depth--;
            i++;
            expectValue = false;
          } else if (c == '{') {
            i = key(s, i, to);
            if (i < 0) {
              return false;
            }
          }
          continue;
        }
        int end;
        if (c == '"') {
          end = skipString(s, i, to);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          end = skipNumber(s, i, to);
        } else if (s.startsWith("true", i)) {
          end = i + 4;
        } else if (s.startsWith("false", i)) {
          end = i + 5;
        } else if (s.startsWith("null", i)) {
          end = i + 4;
        } else {
          return false;
        }
        if (end < 0 || end > to) {
          return false;
        }
        i = end;
        expectValue = false;
        continue;
      }
      i = skipSpaces(s, i, to);
      if (depth == 0) {
        return i == to;
      }
      if (i >= to) {
        return false;
      }
      char c = s.charAt(i);
      char top = stack[depth - 1];
      if (c == ',') {
        i = skipSpaces(s, i + 1, to);
        if (top == '{') {
          i = key(s, i, to);
          if (i < 0) {
            return false;
          }
        }
        expectValue = true;
      } else if ((c == ']' && top == '[') || (c == '}' && top == '{')) {
        depth--;
        i++;
      } else {
        return false;
      }
    }
  }

  /**
   * The start of the JSON array or object that ends at {@code last} (a {@code ]} or {@code }}),
   * found by walking back over brackets and strings, not before {@code lo}; -1 when brackets do not
   * balance. The caller still checks the range with {@link #isValue}.
   */
  static int startOfContainerEndingAt(String s, int lo, int last) {
    int depth = 0;
    int k = last;
    while (k >= lo) {
      char c = s.charAt(k);
      if (c == '"') {
        if (escaped(s, lo, k)) {
          return -1; // outside a string a JSON text has no backslash
        }
        k--;
        while (k >= lo && (s.charAt(k) != '"' || escaped(s, lo, k))) {
          k--;
        }
        if (k < lo) {
          return -1;
        }
      } else if (c == ']' || c == '}') {
        if (++depth > MAX_DEPTH) {
          return -1;
        }
      } else if (c == '[' || c == '{') {
        depth--;
        if (depth == 0) {
          return k;
        }
        if (depth < 0) {
          return -1;
        }
      }
      k--;
    }
    return -1;
  }

  /** The JSON string that starts at {@code i} (a quote), decoded; null when it is not one. */
  static @Nullable Str string(String s, int i, int to) {
    if (i >= to || s.charAt(i) != '"') {
      return null;
    }
    StringBuilder b = new StringBuilder();
    int k = i + 1;
    while (k < to) {
      char c = s.charAt(k);
      if (c == '"') {
        return new Str(b.toString(), k + 1);
      }
      if (c != '\\') {
        if (c < 0x20) {
          return null;
        }
        b.append(c);
        k++;
        continue;
      }
      if (k + 1 >= to) {
        return null;
      }
      char e = s.charAt(k + 1);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          int cp = hex4(s, k + 2, to);
          if (cp < 0) {
            return null;
          }
          b.append((char) cp);
          k += 4;
        }
        default -> {
          return null;
        }
      }
      k += 2;
    }
    return null;
  }

  private static int key(String s, int i, int to) {
    int end = skipString(s, i, to);
    if (end < 0) {
      return -1;
    }
    end = skipSpaces(s, end, to);
    if (end >= to || s.charAt(end) != ':') {
      return -1;
    }
    return skipSpaces(s, end + 1, to);
  }

  private static int skipString(String s, int i, int to) {
    if (i >= to || s.charAt(i) != '"') {
      return -1;
    }
    int k = i + 1;
    while (k < to) {
      char c = s.charAt(k);
      if (c == '"') {
        return k + 1;
      }
      if (c == '\\') {
        if (k + 1 >= to) {
          return -1;
        }
        char e = s.charAt(k + 1);
        if (e == 'u') {
          if (hex4(s, k + 2, to) < 0) {
            return -1;
          }
          k += 6;
        } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
          k += 2;
        } else {
          return -1;
        }
        continue;
      }
      if (c < 0x20) {
        return -1;
      }
      k++;
    }
    return -1;
  }

  private static int skipNumber(String s, int i, int to) {
    int k = i;
    if (k < to && s.charAt(k) == '-') {
      k++;
    }
    int digits = 0;
    while (k < to) {
      char c = s.charAt(k);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        break;
      }
      k++;
    }
    return digits == 0 ? -1 : k;
  }

  private static int hex4(String s, int at, int to) {
    if (at + 4 > to) {
      return -1;
    }
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      char c = s.charAt(k);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static boolean escaped(String s, int lo, int at) {
    int n = 0;
    for (int k = at - 1; k >= lo && s.charAt(k) == '\\'; k--) {
      n++;
    }
    return (n & 1) == 1;
  }

  private static int skipSpaces(String s, int i, int to) {
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
