package dev.mimamori.scan.heuristics.php;

import dev.mimamori.scan.heuristics.text.Decoding;
import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the constant string expressions obfuscators build function names from ({@code
 * 'as'.'sert'}, {@code strrev('metsys')}, {@code str_rot13('nffreg')}, {@code chr(101).chr(118)}),
 * without running anything: a handful of pure string functions over literals. Works on the few
 * tokens of one assignment, so its cost is bounded.
 */
final class ConstantFolder {
  /** One token of an expression: kind and text (a name, a decoded string, an operator). */
  record Tok(PhpLexer.Kind kind, String text) {}

  static final int MAX_VALUE = 4096;
  private static final int MAX_DEPTH = 8;

  private final List<Tok> toks;
  private final Map<String, String> constants;
  private int pos;

  private ConstantFolder(List<Tok> toks, Map<String, String> constants) {
    this.toks = toks;
    this.constants = constants;
  }

  /** The value of the whole token list, or null when it is not a constant string expression. */
  static @Nullable String fold(List<Tok> toks, Map<String, String> constants) {
    ConstantFolder f = new ConstantFolder(toks, constants);
    String v = f.expr(0);
    return v != null && f.pos == toks.size() ? v : null;
  }

  private @Nullable String expr(int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    String left = term(depth);
    while (left != null && pos < toks.size() && isOp(".")) {
      pos++;
      String right = term(depth);
      if (right == null || left.length() + right.length() > MAX_VALUE) {
        return null;
      }
      left = left + right;
    }
    return left;
  }

  private boolean isOp(String op) {
    Tok t = toks.get(pos);
    return t.kind() == PhpLexer.Kind.OP && t.text().equals(op);
  }

  private @Nullable String term(int depth) {
    if (pos >= toks.size()) {
      return null;
    }
    Tok t = toks.get(pos++);
    switch (t.kind()) {
      case STRING, NUMBER:
        return t.text();
      case VARIABLE:
        return constants.get(t.text());
      case OP:
        if (t.text().equals("(")) {
          String v = expr(depth + 1);
          return v != null && pos < toks.size() && isOp(")") && pos++ >= 0 ? v : null;
        }
        return t.text().equals("@") ? term(depth) : null;
      case IDENT:
        return call(t.text(), depth);
      default:
        return null;
    }
  }

  private @Nullable String call(String name, int depth) {
    if (pos >= toks.size() || !isOp("(")) {
      return null;
    }
    pos++;
    String[] args = new String[3];
    int n = 0;
    while (true) {
      String v = expr(depth + 1);
      if (v == null || n == args.length) {
        return null;
      }
      args[n++] = v;
      if (pos < toks.size() && isOp(",")) {
        pos++;
        continue;
      }
      if (pos < toks.size() && isOp(")")) {
        pos++;
        break;
      }
      return null;
    }
    return apply(name, args, n);
  }

  private static @Nullable String apply(String name, String[] a, int n) {
    String x = a[0];
    return switch (name) {
      case "strrev" -> Decoding.reverse(x);
      case "str_rot13" -> Decoding.rot13(x);
      case "base64_decode" -> Decoding.base64(x, MAX_VALUE);
      case "hex2bin" -> Decoding.hex(x, MAX_VALUE);
      case "urldecode", "rawurldecode" -> Decoding.percent(x);
      case "strtolower" -> Latin1.lower(x);
      case "strtoupper", "ucfirst", "ucwords", "lcfirst", "trim" -> x.trim();
      case "chr" -> chr(x);
      case "gzinflate", "gzuncompress", "gzdecode" -> Decoding.inflate(x, MAX_VALUE);
      case "str_replace" ->
          n == 3 && !x.isEmpty() && a[1].length() <= x.length()
              ? a[2].replace(x, a[1])
              : null; // only shrinking replacements: the result stays within the input
      default -> null;
    };
  }

  private static @Nullable String chr(String number) {
    try {
      return String.valueOf((char) (Integer.decode(number.trim()) & 0xFF));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
