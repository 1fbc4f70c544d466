package dev.mimamori.detect.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a token stream to its shape, so that one rule covers many spellings: comments inside the
 * stream vanish (only a trailing one, which cuts off the rest of the query, stays), dotted names
 * become one name, unary signs and {@code NOT} go, {@code a + b} becomes one value, adjacent
 * strings join, and {@code UNION ALL}, {@code ORDER BY}, {@code NOT LIKE} become one token.
 */
final class SqlFolder {
  private static final int MAX_NAME = 128;

  private SqlFolder() {}

  static List<SqlToken> fold(List<SqlToken> in) {
    List<SqlToken> out = new ArrayList<>(Math.min(in.size(), 64));
    SqlToken trailingComment = null;
    boolean joinName = false;
    for (int i = 0; i < in.size(); i++) {
      SqlToken t = in.get(i);
      SqlKind k = t.kind();
      if (k == SqlKind.COMMENT) {
        if (trailingComment == null) {
          trailingComment = t;
        }
        continue;
      }
      trailingComment = null;
      SqlToken prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (k == SqlKind.DOT && prev != null && isName(prev.kind()) && i + 1 < in.size()) {
        SqlKind next = in.get(i + 1).kind();
        if (isName(next) || next == SqlKind.DOT || next == SqlKind.KEYWORD) {
          joinName = true;
          continue;
        }
      }
      if (joinName && prev != null && (isName(k) || k == SqlKind.KEYWORD)) {
        joinName = false;
        String name = prev.text() + "." + t.text();
        if (name.length() > MAX_NAME) {
          name = name.substring(0, MAX_NAME);
        }
        SqlKind kind = k == SqlKind.FUNCTION ? SqlKind.FUNCTION : SqlKind.WORD;
        out.set(out.size() - 1, prev.with(kind, name));
        continue;
      }
      joinName = false;
      if (isUnary(t) && (prev == null || expectsOperand(prev.kind()))) {
        continue;
      }
      if (k == SqlKind.OPERATOR && t.text().equals("not") && prev != null) {
        // "a NOT LIKE b", "a NOT IN (...)": part of the comparison that follows.
        out.add(t.with(SqlKind.COMPARE, "not"));
        continue;
      }
      if (prev != null) {
        if (k == SqlKind.COMPARE && prev.kind() == SqlKind.COMPARE) {
          out.set(out.size() - 1, prev.with(SqlKind.COMPARE, prev.text() + " " + t.text()));
          continue;
        }
        if (prev.kind() == SqlKind.UNION && (t.is(SqlKind.KEYWORD, "all") || isDistinct(t))) {
          continue;
        }
        if (t.is(SqlKind.KEYWORD, "by")
            && (prev.is(SqlKind.KEYWORD, "order") || prev.is(SqlKind.KEYWORD, "group"))) {
          out.set(out.size() - 1, prev.with(SqlKind.KEYWORD, prev.text() + " by"));
          continue;
        }
        if (k == SqlKind.STRING && prev.kind() == SqlKind.STRING) {
          continue;
        }
        if (k.isValue() && prev.kind() == SqlKind.OPERATOR && out.size() >= 2) {
          SqlKind before = out.get(out.size() - 2).kind();
          if (before.isValue() || before == SqlKind.CLOSE) {
            // "1+1", "'a' + 'b'", "x*2": one value, kept as its first operand.
            out.remove(out.size() - 1);
            continue;
          }
        }
      }
      out.add(t);
    }
    if (trailingComment != null) {
      out.add(trailingComment);
    }
    return out;
  }

  private static boolean isName(SqlKind k) {
    return k == SqlKind.WORD || k == SqlKind.FUNCTION;
  }

  private static boolean isDistinct(SqlToken t) {
    return t.is(SqlKind.KEYWORD, "distinct");
  }

  private static boolean isUnary(SqlToken t) {
    if (t.kind() != SqlKind.OPERATOR) {
      return false;
    }
    String x = t.text();
    return x.equals("-") || x.equals("+") || x.equals("~") || x.equals("!") || x.equals("not");
  }

  private static boolean expectsOperand(SqlKind k) {
    return switch (k) {
      case OPERATOR, COMPARE, LOGIC, OPEN, COMMA, KEYWORD, STATEMENT, UNION, SEMICOLON -> true;
      default -> false;
    };
  }
}
