package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Sigma condition. Precedence, loosest first: {@code or}, {@code and}, {@code not}, {@code
 * x of}, parentheses. Keywords are case-insensitive; search identifiers are not. Bounded in length
 * and nesting so a hostile condition cannot exhaust the stack.
 */
final class ConditionParser {
  static final int MAX_LENGTH = 4096;
  static final int MAX_DEPTH = 64;

  private final List<String> tokens;
  private final List<String> names;
  private final int line;
  private int pos;
  private int depth;

  private ConditionParser(List<String> tokens, List<String> names, int line) {
    this.tokens = tokens;
    this.names = names;
    this.line = line;
  }

  /**
   * @param names the rule's search identifiers, in order (their indexes are what the result refers
   *     to)
   */
  static Condition parse(String text, List<String> names, int line) {
    if (text.length() > MAX_LENGTH) {
      throw new RuleError(line, "condition longer than " + MAX_LENGTH + " characters");
    }
    if (text.indexOf('|') >= 0) {
      throw new RuleError(
          line,
          "aggregations in the condition ('| count() ...', Sigma 1) are not supported: "
              + "write a correlation rule");
    }
    ConditionParser p = new ConditionParser(tokenize(text), names, line);
    if (p.tokens.isEmpty()) {
      throw new RuleError(line, "empty condition");
    }
    Condition c = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return c;
  }

  private static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else {
        int s = i;
        while (i < text.length()
            && !Character.isWhitespace(text.charAt(i))
            && text.charAt(i) != '('
            && text.charAt(i) != ')') {
          i++;
        }
        out.add(text.substring(s, i));
      }
    }
    return out;
  }

  private RuleError error(String why) {
    return new RuleError(line, "condition: " + why);
  }

  private boolean peekKeyword(String kw) {
    return pos < tokens.size() && tokens.get(pos).toLowerCase(Locale.ROOT).equals(kw);
  }

  private Condition or() {
    List<Condition> parts = new ArrayList<>();
    parts.add(and());
    while (peekKeyword("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new Condition.Or(List.copyOf(parts));
  }

  private Condition and() {
    List<Condition> parts = new ArrayList<>();
    parts.add(not());
    while (peekKeyword("and")) {
      pos++;
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : new Condition.And(List.copyOf(parts));
  }

  private Condition not() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      if (peekKeyword("not")) {
        pos++;
        return new Condition.Not(not());
      }
      return primary();
    } finally {
      depth--;
    }
  }

  private Condition primary() {
    if (pos >= tokens.size()) {
      throw error("ends too early");
    }
    String t = tokens.get(pos++);
    String lt = t.toLowerCase(Locale.ROOT);
    if (t.equals("(")) {
      Condition inner = or();
      if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
        throw error("missing ')'");
      }
      pos++;
      return inner;
    }
    if (t.equals(")")) {
      throw error("unexpected ')'");
    }
    if (lt.equals("and") || lt.equals("or") || lt.equals("of") || lt.equals("them")) {
      throw error("unexpected '" + t + "'");
    }
    if (lt.equals("near")) {
      throw error("'near' (Sigma 1) is not supported: write a temporal correlation rule");
    }
    if (peekKeyword("of")) {
      pos++;
      return quantified(t, lt);
    }
    int idx = names.indexOf(t);
    if (idx < 0) {
      throw error("no search identifier named '" + t + "'");
    }
    return new Condition.Ref(idx);
  }

  private Condition quantified(String count, String lowerCount) {
    if (pos >= tokens.size()) {
      throw error("'" + count + " of' needs a search identifier pattern or 'them'");
    }
    String target = tokens.get(pos++);
    List<Integer> refs = new ArrayList<>();
    if (target.toLowerCase(Locale.ROOT).equals("them")) {
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).startsWith("_")) {
          refs.add(i);
        }
      }
    } else {
      Glob g = Glob.compile(SigmaString.parse(target), true);
      for (int i = 0; i < names.size(); i++) {
        if (g.matches(names.get(i))) {
          refs.add(i);
        }
      }
    }
    if (refs.isEmpty()) {
      throw error("'" + count + " of " + target + "' matches no search identifier");
    }
    int min;
    if (lowerCount.equals("all")) {
      min = refs.size();
    } else if (lowerCount.equals("any")) {
      min = 1;
    } else {
      try {
        min = Integer.parseInt(count);
      } catch (NumberFormatException e) {
        throw error("'" + count + " of': expected a number, 'all' or 'any'");
      }
      if (min < 1) {
        throw error("'" + count + " of': the count must be at least 1");
      }
    }
    return new Condition.AtLeast(min, List.copyOf(refs));
  }
}
