package dev.mimamori.detect.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into SQL tokens as the databases seen in attacks would: MySQL {@code #} and
 * executable {@code /*!} comments, {@code --} and block comments, backslash and doubled-quote
 * escapes, backtick identifiers, {@code 0x} hex and {@code x'..'} literals, {@code @}/{@code @@}
 * variables. One pass, each character read a bounded number of times; at most {@link #MAX_TOKENS}
 * tokens.
 */
final class SqlTokenizer {
  static final int MAX_TOKENS = 2048;
  private static final int MAX_WORD = 128;

  private final String s;
  private final int n;
  private final List<SqlToken> out = new ArrayList<>();
  private boolean inExecutableComment;

  private SqlTokenizer(String s) {
    this.s = s;
    this.n = s.length();
  }

  /**
   * The tokens of {@code text}; with {@code openQuote} set, the text is read as if it followed that
   * quote, so the first token is the rest of a string literal. Returns an empty list when such a
   * string never closes: the whole value is then data, whatever it contains.
   */
  static List<SqlToken> tokenize(String text, char openQuote) {
    SqlTokenizer t = new SqlTokenizer(text);
    int i = 0;
    if (openQuote != 0) {
      i = t.string(0, openQuote, 0);
      if (t.out.get(0).open()) {
        return List.of();
      }
    }
    t.run(i);
    return t.out;
  }

  private void run(int from) {
    int i = from;
    while (i < n && out.size() < MAX_TOKENS) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        i = string(i, c, i + 1);
      } else if (c == '`') {
        int close = s.indexOf('`', i + 1);
        int end = close < 0 ? n : close;
        add(SqlKind.WORD, i, lower(i + 1, end), close < 0);
        i = close < 0 ? n : close + 1;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
        i = number(i);
      } else if (c == '@') {
        int j = i;
        while (j < n && s.charAt(j) == '@') {
          j++;
        }
        int end = wordEnd(j);
        add(SqlKind.VARIABLE, i, lower(i, end), false);
        i = end;
      } else if (isWordStart(c)) {
        i = word(i);
      } else if (c == '#') {
        i = lineComment(i);
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        i = lineComment(i);
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        i = blockComment(i);
      } else if (c == '*' && inExecutableComment && i + 1 < n && s.charAt(i + 1) == '/') {
        inExecutableComment = false;
        i += 2;
      } else {
        i = punctuation(i, c);
      }
    }
  }

  /** A string literal whose body starts at {@code body}; MySQL escapes and doubled quotes. */
  private int string(int start, char quote, int body) {
    int i = body;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && s.charAt(i + 1) == quote) {
          i += 2;
        } else {
          add(SqlKind.STRING, start, "", false);
          return i + 1;
        }
      } else {
        i++;
      }
    }
    add(SqlKind.STRING, start, "", true);
    return n;
  }

  private int number(int start) {
    int i = start;
    if (s.charAt(i) == '0'
        && i + 2 < n
        && (s.charAt(i + 1) | 0x20) == 'x'
        && WebDecoder.hex(s.charAt(i + 2)) >= 0) {
      i += 2;
      while (i < n && WebDecoder.hex(s.charAt(i)) >= 0) {
        i++;
      }
    } else if (s.charAt(i) == '0'
        && i + 2 < n
        && (s.charAt(i + 1) | 0x20) == 'b'
        && (s.charAt(i + 2) == '0' || s.charAt(i + 2) == '1')) {
      i += 2;
      while (i < n && (s.charAt(i) == '0' || s.charAt(i) == '1')) {
        i++;
      }
    } else {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      }
      if (i + 1 < n
          && (s.charAt(i) | 0x20) == 'e'
          && (isDigit(s.charAt(i + 1))
              || ((s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-')
                  && i + 2 < n
                  && isDigit(s.charAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      }
    }
    // MySQL ends a number at the first letter: "1union" is a number then a word.
    add(SqlKind.NUMBER, start, "", false);
    return i;
  }

  private int word(int start) {
    int end = wordEnd(start);
    // x'4142', b'01', n'text', e'text': prefixed string literals.
    if (end == start + 1 && end < n && s.charAt(end) == '\'') {
      char p = (char) (s.charAt(start) | 0x20);
      if (p == 'x' || p == 'b' || p == 'n' || p == 'e') {
        return string(start, '\'', end + 1);
      }
    }
    String w = lower(start, end);
    SqlKind kind = SqlWords.kindOf(w);
    if (kind == SqlKind.WORD && nextNonSpaceIs(end, '(')) {
      kind = SqlKind.FUNCTION;
    }
    add(kind, start, w, false);
    return end;
  }

  private int lineComment(int start) {
    int end = start;
    while (end < n && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
      end++;
    }
    // "#" or "--" directly followed by a letter, a digit or ">" ("#2", "--foo", "-->") is marked:
    // it reads more like text or markup than like the bare comment that truncates a query.
    int body = start + (s.charAt(start) == '#' ? 1 : 2);
    boolean wordy =
        body < n && (Character.isLetterOrDigit(s.charAt(body)) || s.charAt(body) == '>');
    add(SqlKind.COMMENT, start, wordy ? "#x" : "#", false);
    return end;
  }

  private int blockComment(int start) {
    if (start + 2 < n && s.charAt(start + 2) == '!') {
      // MySQL runs what is inside /*! ... */ (after an optional version number) as code.
      int i = start + 3;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      inExecutableComment = true;
      return i;
    }
    int close = s.indexOf("*/", start + 2);
    add(SqlKind.COMMENT, start, "/*", close < 0);
    return close < 0 ? n : close + 2;
  }

  private int punctuation(int i, char c) {
    char d = i + 1 < n ? s.charAt(i + 1) : 0;
    switch (c) {
      case ';' -> add(SqlKind.SEMICOLON, i, ";", false);
      case '(' -> add(SqlKind.OPEN, i, "(", false);
      case ')' -> add(SqlKind.CLOSE, i, ")", false);
      case ',' -> add(SqlKind.COMMA, i, ",", false);
      case '.' -> add(SqlKind.DOT, i, ".", false);
      case '=' -> {
        add(SqlKind.COMPARE, i, "=", false);
        return d == '=' ? i + 2 : i + 1;
      }
      case '<', '>', '!' -> {
        if (c == '<' && d == '=' && i + 2 < n && s.charAt(i + 2) == '>') {
          add(SqlKind.COMPARE, i, "<=>", false);
          return i + 3;
        }
        if (d == '=' || (c == '<' && d == '>')) {
          add(SqlKind.COMPARE, i, "" + c + d, false);
          return i + 2;
        }
        if (c != '!' && d == c) {
          add(SqlKind.OPERATOR, i, "" + c + d, false);
          return i + 2;
        }
        add(c == '!' ? SqlKind.OPERATOR : SqlKind.COMPARE, i, String.valueOf(c), false);
      }
      case '|', '&' -> {
        if (d == c) {
          add(SqlKind.LOGIC, i, "" + c + d, false);
          return i + 2;
        }
        add(SqlKind.OPERATOR, i, String.valueOf(c), false);
      }
      case ':' -> {
        if (d == '=') {
          add(SqlKind.COMPARE, i, ":=", false);
          return i + 2;
        }
        if (d == ':') {
          add(SqlKind.OPERATOR, i, "::", false);
          return i + 2;
        }
        add(SqlKind.OTHER, i, ":", false);
      }
      case '+', '-', '*', '/', '%', '^', '~' -> add(SqlKind.OPERATOR, i, String.valueOf(c), false);
      default -> add(SqlKind.OTHER, i, String.valueOf(c), false);
    }
    return i + 1;
  }

  private void add(SqlKind kind, int start, String text, boolean open) {
    out.add(new SqlToken(kind, start, text, open));
  }

  private boolean nextNonSpaceIs(int from, char c) {
    int i = from;
    // A bounded look-ahead keeps the scan linear even over long runs of spaces.
    int limit = Math.min(n, from + 64);
    while (i < limit && isSpace(s.charAt(i))) {
      i++;
    }
    return i < n && s.charAt(i) == c;
  }

  private int wordEnd(int from) {
    int i = from;
    while (i < n && isWordPart(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private String lower(int from, int to) {
    return s.substring(from, Math.min(to, from + MAX_WORD)).toLowerCase(Locale.ROOT);
  }

  static boolean isSpace(char c) {
    return c <= ' ' || c == '\u00a0' || c == '\u3000' || c == 0x7f;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_' || c == '$' || c >= 0x80;
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c);
  }
}
