package dev.mimamori.scan.heuristics.php;

import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.function.Consumer;

/**
 * A forgiving PHP tokenizer over a byte string: one token at a time, no token list, so memory does
 * not grow with the file. Comments and whitespace vanish here, which is what defeats {@code
 * eval/*x*&#47;(} and friends; case is folded for names by the caller. Each char is looked at a
 * bounded number of times, so a hostile file costs time linear in its length. Text outside {@code
 * <?php ... ?>} is skipped.
 */
public final class PhpLexer {
  /** What the current token is. */
  public enum Kind {
    IDENT,
    VARIABLE,
    STRING,
    BACKTICK,
    NUMBER,
    OP,
    OPEN_TAG,
    CLOSE_TAG,
    END
  }

  private static final String[] OPS3 = {
    "===", "!==", "<=>", "**=", "...", "<<=", ">>=", "??=", "?->"
  };
  private static final String[] OPS2 = {
    "->", "::", "=>", "==", "!=", "<>", "<=", ">=", ".=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "??", "&&", "||", "++", "--", "<<", ">>", "**"
  };
  private static final String[] SINGLE = new String[128];

  static {
    for (int c = 0; c < 128; c++) {
      SINGLE[c] = String.valueOf((char) c);
    }
  }

  private final String src;
  private int pos;
  private boolean inCode;

  private Kind kind = Kind.END;
  private int start;
  private int end;
  private int contentStart;
  private int contentEnd;
  private char quote;
  private String op = "";

  /**
   * @param startInCode true to read the text as PHP from its first byte (a fragment without an open
   *     tag, as payloads for {@code eval} are)
   */
  public PhpLexer(String src, boolean startInCode) {
    this.src = src;
    this.inCode = startInCode;
  }

  public String source() {
    return src;
  }

  public Kind kind() {
    return kind;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  /** For {@link Kind#OP}: the operator, e.g. {@code (} or {@code ->}. */
  public String op() {
    return op;
  }

  public boolean isOp(String o) {
    return kind == Kind.OP && op.equals(o);
  }

  /** For {@link Kind#IDENT}: the name in lower case, a leading namespace separator removed. */
  public String identLower() {
    int s = src.charAt(start) == '\\' ? start + 1 : start;
    return Latin1.lower(src.substring(s, end));
  }

  /** For {@link Kind#VARIABLE}: the name without {@code $}, case kept (PHP variables are). */
  public String variableName() {
    return src.substring(start + 1, end);
  }

  /** For strings: the length of the literal as written. */
  public int rawLength() {
    return contentEnd - contentStart;
  }

  /** For strings: how many escape sequences ({@code \x41}, {@code \101}) the literal uses. */
  public int escapeCount() {
    if (quote == '\'' || quote == 'n') {
      return 0;
    }
    int n = 0;
    for (int i = contentStart; i + 1 < contentEnd; i++) {
      if (src.charAt(i) == '\\') {
        char c = src.charAt(i + 1);
        if (c == 'x' || c == 'X' || c >= '0' && c <= '7' || c == 'u') {
          n++;
        }
        i++;
      }
    }
    return n;
  }

  /** Whether the literal is double-quoted, a heredoc or a backtick string (may interpolate). */
  public boolean interpolates() {
    return quote == '"' || quote == '<' || quote == '`';
  }

  /** For strings: the value with escapes decoded, at most {@code limit} chars. */
  public String stringValue(int limit) {
    int to = Math.min(contentEnd, contentStart + Math.max(limit, 0) * 4 + 16);
    StringBuilder out = new StringBuilder(Math.min(to - contentStart, limit));
    if (quote == 'n') {
      return src.substring(contentStart, Math.min(contentEnd, contentStart + limit));
    }
    for (int i = contentStart; i < to && out.length() < limit; i++) {
      char c = src.charAt(i);
      if (c != '\\' || i + 1 >= contentEnd) {
        out.append(c);
        continue;
      }
      char e = src.charAt(i + 1);
      if (quote == '\'') {
        out.append(e == '\\' || e == '\'' ? e : c);
        if (e == '\\' || e == '\'') {
          i++;
        }
        continue;
      }
      i = decodeEscape(e, i, out);
    }
    return out.toString();
  }

  /** Decodes the escape at {@code src[i]} (a backslash); returns the index of its last char. */
  private int decodeEscape(char e, int i, StringBuilder out) {
    switch (e) {
      case 'n' -> out.append('\n');
      case 't' -> out.append('\t');
      case 'r' -> out.append('\r');
      case 'v' -> out.append('\u000B');
      case 'e' -> out.append('\u001B');
      case 'f' -> out.append('\f');
      case '\\', '$', '"', '`' -> out.append(e);
      case 'x', 'X' -> {
        int v = 0;
        int j = i + 2;
        while (j < contentEnd && j < i + 4 && Character.digit(src.charAt(j), 16) >= 0) {
          v = v << 4 | Character.digit(src.charAt(j), 16);
          j++;
        }
        if (j == i + 2) {
          out.append('\\').append(e);
          return i + 1;
        }
        out.append((char) (v & 0xFF));
        return j - 1;
      }
      case 'u' -> {
        if (i + 2 < contentEnd && src.charAt(i + 2) == '{') {
          int close = src.indexOf('}', i + 3);
          if (close > 0 && close < contentEnd && close - i <= 10) {
            try {
              Latin1.appendUtf8(out, Integer.parseInt(src.substring(i + 3, close), 16));
              return close;
            } catch (NumberFormatException ignored) {
              // not an escape: kept as written
            }
          }
        }
        out.append('\\').append(e);
        return i + 1;
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int v = 0;
          int j = i + 1;
          while (j < contentEnd && j < i + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
            v = v * 8 + src.charAt(j) - '0';
            j++;
          }
          out.append((char) (v & 0xFF));
          return j - 1;
        }
        out.append('\\').append(e);
      }
    }
    return i + 1;
  }

  /** For interpolating strings: the names of the variables written inside ({@code "$x {$y}"}). */
  public void interpolatedVariables(Consumer<String> names) {
    if (!interpolates()) {
      return;
    }
    for (int i = contentStart; i < contentEnd; i++) {
      char c = src.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '$') {
        int s = i + 1;
        if (s < contentEnd && src.charAt(s) == '{') {
          s++;
        }
        int e = s;
        while (e < contentEnd && isIdentPart(src.charAt(e))) {
          e++;
        }
        if (e > s && !Character.isDigit(src.charAt(s))) {
          names.accept(src.substring(s, e));
        }
        i = Math.max(i, e - 1);
      }
    }
  }

  /** Moves to the next token and returns its kind ({@link Kind#END} at the end). */
  public Kind next() {
    while (true) {
      if (!inCode) {
        if (!findOpenTag()) {
          return set(Kind.END, src.length(), src.length());
        }
        return kind;
      }
      skipWhitespace();
      if (pos >= src.length()) {
        return set(Kind.END, pos, pos);
      }
      char c = src.charAt(pos);
      char d = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
      if (c == '?' && d == '>') {
        inCode = false;
        return set(Kind.CLOSE_TAG, pos, pos + 2);
      }
      if (c == '#' && d != '[' || c == '/' && d == '/') {
        skipLineComment();
        continue;
      }
      if (c == '#') {
        pos++; // a PHP 8 attribute: its brackets are read as code
        continue;
      }
      if (c == '/' && d == '*') {
        int close = src.indexOf("*/", pos + 2);
        pos = close < 0 ? src.length() : close + 2;
        continue;
      }
      return token(c, d);
    }
  }

  private Kind token(char c, char d) {
    int s = pos;
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      pos = skipQuoted(pos + 1, c);
      contentStart = s + 1;
      contentEnd = Math.max(contentStart, pos - 1);
      if (pos > src.length()) {
        pos = src.length();
        contentEnd = pos;
      }
      return set(c == '`' ? Kind.BACKTICK : Kind.STRING, s, pos);
    }
    if (c == '<' && d == '<' && src.startsWith("<<<", pos) && heredoc()) {
      return set(Kind.STRING, s, pos);
    }
    if (c == '$' && pos + 1 < src.length() && isIdentStart(d)) {
      pos += 2;
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      return set(Kind.VARIABLE, s, pos);
    }
    if (isIdentStart(c) || c == '\\' && isIdentStart(d)) {
      pos++;
      while (pos < src.length()
          && (isIdentPart(src.charAt(pos))
              || src.charAt(pos) == '\\'
                  && pos + 1 < src.length()
                  && isIdentStart(src.charAt(pos + 1)))) {
        pos++;
      }
      return set(Kind.IDENT, s, pos);
    }
    if (c >= '0' && c <= '9') {
      while (pos < src.length() && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
        pos++;
      }
      return set(Kind.NUMBER, s, pos);
    }
    for (String o : OPS3) {
      if (src.startsWith(o, pos)) {
        return operator(o);
      }
    }
    for (String o : OPS2) {
      if (src.startsWith(o, pos)) {
        return operator(o);
      }
    }
    return operator(c < 128 ? SINGLE[c] : String.valueOf(c));
  }

  private Kind operator(String o) {
    op = o;
    int s = pos;
    pos += o.length();
    return set(Kind.OP, s, pos);
  }

  private Kind set(Kind k, int s, int e) {
    kind = k;
    start = s;
    end = e;
    return k;
  }

  /** Index just past the closing quote (or the end of the text). */
  private int skipQuoted(int from, char q) {
    int i = from;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == q) {
        return i + 1;
      } else {
        i++;
      }
    }
    return src.length() + 1;
  }

  private boolean heredoc() {
    int i = pos + 3;
    while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
      i++;
    }
    char q = i < src.length() ? src.charAt(i) : 0;
    boolean nowdoc = q == '\'';
    if (q == '\'' || q == '"') {
      i++;
    }
    int labelStart = i;
    while (i < src.length() && isIdentPart(src.charAt(i))) {
      i++;
    }
    if (i == labelStart) {
      return false;
    }
    String label = src.substring(labelStart, i);
    int lineEnd = src.indexOf('\n', i);
    if (lineEnd < 0) {
      return false;
    }
    quote = nowdoc ? 'n' : '<';
    contentStart = lineEnd + 1;
    int line = lineEnd + 1;
    while (line < src.length()) {
      int j = line;
      while (j < src.length() && (src.charAt(j) == ' ' || src.charAt(j) == '\t')) {
        j++;
      }
      if (src.startsWith(label, j)
          && (j + label.length() >= src.length() || !isIdentPart(src.charAt(j + label.length())))) {
        contentEnd = Math.max(contentStart, line - 1);
        pos = j + label.length();
        return true;
      }
      int next = src.indexOf('\n', line);
      line = next < 0 ? src.length() : next + 1;
    }
    contentEnd = src.length();
    pos = src.length();
    return true;
  }

  private boolean findOpenTag() {
    int i = pos;
    while (true) {
      i = src.indexOf("<?", i);
      if (i < 0) {
        pos = src.length();
        return false;
      }
      int after = i + 2;
      if (src.regionMatches(true, after, "php", 0, 3)) {
        pos = after + 3;
      } else if (after < src.length() && src.charAt(after) == '=') {
        pos = after + 1;
      } else if (after >= src.length() || Character.isWhitespace(src.charAt(after))) {
        pos = after;
      } else {
        i = after;
        continue;
      }
      inCode = true;
      set(Kind.OPEN_TAG, i, pos);
      return true;
    }
  }

  private void skipWhitespace() {
    while (pos < src.length() && src.charAt(pos) <= ' ') {
      pos++;
    }
  }

  private void skipLineComment() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n' || c == '?' && pos + 1 < src.length() && src.charAt(pos + 1) == '>') {
        return;
      }
      pos++;
    }
  }

  static boolean isIdentStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || c >= '0' && c <= '9';
  }
}
