package dev.mimamori.scan.heuristics.js;

import dev.mimamori.scan.heuristics.text.Latin1;

/**
 * A forgiving JavaScript tokenizer over a byte string: identifiers, string literals with their
 * escapes decoded ({@code "\x63\x63\x5f\x6e\x75\x6d"} reads as {@code cc_num}), numbers and
 * punctuation; comments and regular expression literals are skipped. Linear in the input; it never
 * fails, it only reads broken code less well.
 */
final class JsLexer {
  enum Kind {
    IDENT,
    STRING,
    NUMBER,
    OP,
    END
  }

  private static final int MAX_STRING = 1 << 20;

  private final String src;
  private final int limit;
  private int pos;
  private Kind kind = Kind.END;
  private int start;
  private String text = "";
  private int escapes;
  private boolean regexAllowed = true;
  private String firstComment = "";
  private boolean sawToken;

  JsLexer(String src, int from, int to) {
    this.src = src;
    this.pos = from;
    this.limit = to;
  }

  Kind kind() {
    return kind;
  }

  int start() {
    return start;
  }

  /** Identifier (as written), decoded string value, number or operator. */
  String text() {
    return text;
  }

  /** Escape sequences in the current string literal. */
  int escapes() {
    return escapes;
  }

  /** The first comment of the input when it comes before any code (a library banner). */
  String firstComment() {
    return firstComment;
  }

  Kind next() {
    while (pos < limit) {
      char c = src.charAt(pos);
      char d = pos + 1 < limit ? src.charAt(pos + 1) : 0;
      if (c <= ' ') {
        pos++;
      } else if (c == '/' && d == '/') {
        int end = src.indexOf('\n', pos);
        pos = end < 0 || end > limit ? limit : end;
      } else if (c == '/' && d == '*') {
        int end = src.indexOf("*/", pos + 2);
        int stop = end < 0 || end > limit ? limit : end + 2;
        if (!sawToken && firstComment.isEmpty()) {
          firstComment = src.substring(pos, Math.min(stop, pos + 400));
        }
        pos = stop;
      } else if (c == '<' && src.startsWith("<!--", pos)
          || c == '-' && src.startsWith("-->", pos)) {
        int end = src.indexOf('\n', pos); // HTML comment markers are line comments in scripts
        pos = end < 0 || end > limit ? limit : end;
      } else {
        sawToken = true;
        return token(c);
      }
    }
    kind = Kind.END;
    return kind;
  }

  private Kind token(char c) {
    start = pos;
    escapes = 0;
    if (c == '"' || c == '\'' || c == '`') {
      text = quoted(c);
      regexAllowed = false;
      return kind = Kind.STRING;
    }
    if (c == '/' && regexAllowed) {
      skipRegex();
      regexAllowed = false;
      text = "/regex/";
      return kind = Kind.STRING;
    }
    if (isIdentPart(c) && !(c >= '0' && c <= '9')) {
      while (pos < limit && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      text = src.substring(start, pos);
      regexAllowed = isKeywordBeforeExpression(text);
      return kind = Kind.IDENT;
    }
    if (c >= '0' && c <= '9') {
      while (pos < limit && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
        pos++;
      }
      text = src.substring(start, pos);
      regexAllowed = false;
      return kind = Kind.NUMBER;
    }
    pos++;
    text = String.valueOf(c);
    regexAllowed = c != ')' && c != ']' && c != '}';
    return kind = Kind.OP;
  }

  private static boolean isKeywordBeforeExpression(String word) {
    return switch (word) {
      case "return",
          "typeof",
          "case",
          "do",
          "else",
          "in",
          "of",
          "new",
          "delete",
          "void",
          "throw",
          "instanceof",
          "yield",
          "await" ->
          true;
      default -> false;
    };
  }

  private String quoted(char q) {
    StringBuilder out = new StringBuilder();
    pos++;
    int depth = 0;
    while (pos < limit) {
      char c = src.charAt(pos);
      if (c == q && depth == 0) {
        pos++;
        break;
      }
      if (c == '\n' && q != '`') {
        break; // an unterminated literal ends at the line, as the engine would reject it
      }
      if (q == '`' && c == '$' && pos + 1 < limit && src.charAt(pos + 1) == '{') {
        depth++;
      } else if (q == '`' && c == '}' && depth > 0) {
        depth--;
      }
      if (c == '\\' && pos + 1 < limit) {
        pos = escape(out);
        continue;
      }
      if (out.length() < MAX_STRING) {
        out.append(c);
      }
      pos++;
    }
    return out.toString();
  }

  /** Decodes the escape at pos; returns the position after it. */
  private int escape(StringBuilder out) {
    char e = src.charAt(pos + 1);
    escapes++;
    int value = -1;
    int next = pos + 2;
    if (e == 'x' && pos + 3 < limit) {
      value = hex(pos + 2, pos + 4);
      next = pos + 4;
    } else if (e == 'u' && pos + 2 < limit && src.charAt(pos + 2) == '{') {
      int close = src.indexOf('}', pos + 3);
      if (close > 0 && close < limit && close - pos <= 10) {
        value = hex(pos + 3, close);
        next = close + 1;
      }
    } else if (e == 'u' && pos + 5 < limit) {
      value = hex(pos + 2, pos + 6);
      next = pos + 6;
    } else if (e >= '0' && e <= '7') {
      int v = 0;
      int j = pos + 1;
      while (j < limit && j < pos + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
        v = v * 8 + src.charAt(j) - '0';
        j++;
      }
      value = v;
      next = j;
    } else {
      escapes--;
      value =
          switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> e;
          };
    }
    if (value < 0) {
      value = e;
      next = pos + 2;
    }
    if (out.length() < MAX_STRING) {
      Latin1.appendUtf8(out, value);
    }
    return next;
  }

  private int hex(int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(src.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  private void skipRegex() {
    pos++;
    boolean inClass = false;
    while (pos < limit) {
      char c = src.charAt(pos);
      if (c == '\\') {
        pos += 2;
        continue;
      }
      if (c == '\n') {
        break;
      }
      if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      } else if (c == '/' && !inClass) {
        pos++;
        while (pos < limit && isIdentPart(src.charAt(pos))) {
          pos++;
        }
        return;
      }
      pos++;
    }
  }

  static boolean isIdentPart(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '$'
        || c >= 0x80;
  }
}
