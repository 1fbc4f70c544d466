package dev.mimamori.scan.yara;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the top-level pieces of a YARA source: each rule (from its first modifier to its closing
 * brace) and each {@code import} or {@code include} statement, with their lines. Used only when
 * libyara refused a file, to take out the one piece it complained about and try the rest again.
 *
 * <p>It is a lexer, not a parser: it skips comments, text strings and regular expressions so that
 * braces and keywords inside them do not count, and it takes a bare {@code rule}, {@code private}
 * or {@code global} inside a rule's body (all reserved words) as the start of the next rule, so one
 * rule with a missing brace does not swallow the rest of the file. Bytes are read one to one as
 * ISO-8859-1: the syntax is ASCII, and whatever else is in strings passes through untouched.
 */
final class RuleSplitter {
  /** A piece of the source: bytes {@code [start, end)}, lines {@code firstLine..lastLine}. */
  record Piece(Kind kind, int start, int end, int firstLine, int lastLine, String name) {
    boolean covers(int line) {
      return line >= firstLine && line <= lastLine;
    }
  }

  enum Kind {
    RULE,
    IMPORT,
    INCLUDE
  }

  private final byte[] src;
  private final List<Piece> pieces = new ArrayList<>();
  private int pos;
  private int line = 1;

  private RuleSplitter(byte[] src) {
    this.src = src;
  }

  static List<Piece> split(byte[] source) {
    RuleSplitter s = new RuleSplitter(source);
    s.run();
    return List.copyOf(s.pieces);
  }

  /** A copy of {@code source} with the piece's bytes turned into spaces, line breaks kept. */
  static byte[] blank(byte[] source, Piece piece) {
    byte[] out = source.clone();
    for (int i = piece.start(); i < piece.end(); i++) {
      if (out[i] != '\n' && out[i] != '\r') {
        out[i] = ' ';
      }
    }
    return out;
  }

  /** The rule around {@code line}; else the statement on it; else the rule just before it. */
  static @Nullable Piece at(List<Piece> pieces, int line) {
    Piece before = null;
    for (Piece p : pieces) {
      if (p.covers(line)) {
        return p;
      }
      if (p.kind() == Kind.RULE && p.lastLine() < line) {
        before = p;
      }
    }
    return before;
  }

  private void run() {
    int ruleStart = -1;
    int ruleLine = 0;
    String ruleName = "";
    int depth = 0;
    boolean regexAllowed = false;
    while (pos < src.length) {
      int c = src[pos] & 0xff;
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == '/' && peek(1) == '/') {
        skipTo('\n');
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else if (c == '"') {
        skipQuoted('"');
        regexAllowed = false;
      } else if (c == '/' && depth > 0 && regexAllowed) {
        skipQuoted('/');
        regexAllowed = false;
      } else if (isWordStart(c)) {
        int wordStart = pos;
        int wordLine = line;
        String word = word();
        // $rule, #rule, @rule, !rule name strings, not keywords.
        boolean sigil = wordStart > 0 && "$#@!".indexOf(src[wordStart - 1]) >= 0;
        boolean ruleKeyword =
            !sigil && (word.equals("rule") || word.equals("private") || word.equals("global"));
        if (ruleKeyword && depth > 0) {
          // A reserved word inside a body: the rule before lacks its closing brace.
          pieces.add(new Piece(Kind.RULE, ruleStart, wordStart, ruleLine, wordLine, ruleName));
          ruleStart = -1;
          depth = 0;
        }
        if (ruleKeyword && ruleStart < 0) {
          ruleStart = wordStart;
          ruleLine = wordLine;
          ruleName = "";
        } else if (ruleStart >= 0 && depth == 0 && ruleName.isEmpty() && !ruleKeyword) {
          ruleName = word;
        } else if (ruleStart < 0 && (word.equals("import") || word.equals("include"))) {
          statement(word.equals("import") ? Kind.IMPORT : Kind.INCLUDE, wordStart, wordLine);
        }
        regexAllowed = word.equals("matches");
      } else if (c == '{') {
        pos++;
        if (ruleStart >= 0) {
          depth++;
        }
        regexAllowed = false;
      } else if (c == '}') {
        pos++;
        if (ruleStart >= 0 && depth > 0 && --depth == 0) {
          pieces.add(new Piece(Kind.RULE, ruleStart, pos, ruleLine, line, ruleName));
          ruleStart = -1;
        }
        regexAllowed = false;
      } else {
        pos++;
        if (!Character.isWhitespace(c)) {
          regexAllowed = c == '=';
        }
      }
    }
    if (ruleStart >= 0) {
      pieces.add(new Piece(Kind.RULE, ruleStart, src.length, ruleLine, line, ruleName));
    }
  }

  /** {@code import "name"} / {@code include "name"}: the keyword through the closing quote. */
  private void statement(Kind kind, int start, int firstLine) {
    while (pos < src.length && (src[pos] == ' ' || src[pos] == '\t')) {
      pos++;
    }
    String name = "";
    if (pos < src.length && src[pos] == '"') {
      int open = pos;
      skipQuoted('"');
      name = new String(src, open + 1, Math.max(0, pos - open - 2), StandardCharsets.ISO_8859_1);
    }
    pieces.add(new Piece(kind, start, pos, firstLine, line, name));
  }

  private int peek(int ahead) {
    return pos + ahead < src.length ? src[pos + ahead] & 0xff : -1;
  }

  private void skipTo(int end) {
    while (pos < src.length && src[pos] != end) {
      pos++;
    }
  }

  private void skipBlockComment() {
    pos += 2;
    while (pos < src.length && !(src[pos] == '*' && peek(1) == '/')) {
      if (src[pos] == '\n') {
        line++;
      }
      pos++;
    }
    pos = Math.min(src.length, pos + 2);
  }

  /** A text string or regular expression: to the unescaped closing quote, or the line's end. */
  private void skipQuoted(int quote) {
    pos++;
    while (pos < src.length && src[pos] != '\n') {
      int c = src[pos++];
      if (c == '\\') {
        if (pos < src.length && src[pos] != '\n') {
          pos++;
        }
      } else if (c == quote) {
        return;
      }
    }
  }

  private String word() {
    int start = pos;
    while (pos < src.length && isWordPart(src[pos] & 0xff)) {
      pos++;
    }
    return new String(src, start, pos - start, StandardCharsets.ISO_8859_1);
  }

  private static boolean isWordStart(int c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordPart(int c) {
    return isWordStart(c) || (c >= '0' && c <= '9');
  }
}
