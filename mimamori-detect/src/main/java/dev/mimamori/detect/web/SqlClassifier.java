package dev.mimamori.detect.web;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Judges a folded token stream. A value is injection when, read in one of the three contexts, it
 * leaves the literal it was meant to be (the closing quote, or a number and closing parentheses)
 * and then continues as SQL: a logic operator and a condition, a comment that cuts the query off, a
 * clause, or an expression; or when it carries, anywhere, a whole SQL construct (UNION SELECT, a
 * stacked statement, a subquery, a time-delay or error-leaking function, a system catalogue).
 */
final class SqlClassifier {
  /** A rule that fired, and the token it fired on. */
  record Hit(String reason, int token) {}

  private static final int LOOK = 12;
  private static final Set<String> SHOW_OBJECTS =
      Set.of("tables", "databases", "columns", "grants", "variables", "processlist", "schemas");
  // Functions that are SQL rather than arithmetic, for the strict, unquoted context.
  private static final Set<String> SQL_FUNCTIONS =
      Set.of(
          "char",
          "chr",
          "concat",
          "concat_ws",
          "group_concat",
          "substring",
          "substr",
          "mid",
          "ascii",
          "ord",
          "hex",
          "unhex",
          "version",
          "database",
          "user",
          "current_user",
          "system_user",
          "session_user",
          "schema",
          "md5",
          "sha1",
          "count",
          "if",
          "iif",
          "ifnull",
          "isnull",
          "nullif",
          "coalesce",
          "elt",
          "make_set",
          "rand",
          "length",
          "char_length",
          "cast",
          "convert",
          "row",
          "db_name",
          "user_name",
          "regexp_substring",
          "instr",
          "left",
          "right",
          "lower",
          "upper",
          "replace",
          "repeat",
          "case",
          "decode",
          "to_char");

  // Functions that evaluate a test: sqlmap's boolean probes wrap one in them.
  private static final Set<String> CONDITIONAL = Set.of("if", "iif", "elt", "make_set", "nullif");

  // Statements whose shape is clear enough to count when the value is only the statement.
  private static final Set<String> STATEMENTS_AT_START =
      Set.of(
          "insert",
          "update",
          "delete",
          "drop",
          "create",
          "alter",
          "truncate",
          "exec",
          "execute",
          "declare");

  private static final Set<String> SELECT_CLAUSES =
      Set.of("from", "where", "into", "group by", "order by", "having", "limit");

  private final List<SqlToken> t;
  private final int size;
  private final boolean quoted;
  private final boolean hasSelectOrFrom;

  SqlClassifier(List<SqlToken> tokens, boolean quoted) {
    this.t = tokens;
    this.size = tokens.size();
    this.quoted = quoted;
    boolean sel = false;
    for (SqlToken x : tokens) {
      if (x.is(SqlKind.STATEMENT, "select") || x.is(SqlKind.KEYWORD, "from")) {
        sel = true;
        break;
      }
    }
    this.hasSelectOrFrom = sel;
  }

  @Nullable Hit classify() {
    if (size == 0) {
      return null;
    }
    int p = breakout();
    if (p >= 0 && p < size) {
      Hit h = afterBreakout(p);
      if (h != null) {
        return h;
      }
      int q = closingTail(p);
      if (q > p && q < size) {
        h = afterBreakout(q);
        if (h != null) {
          return h;
        }
      }
    }
    for (int i = 0; i < size; i++) {
      Hit h = anywhere(i);
      if (h != null) {
        return h;
      }
    }
    return null;
  }

  /** Where the attacker's own SQL would start, or -1 when the value does not leave a literal. */
  private int breakout() {
    SqlKind first = t.get(0).kind();
    int p = 1;
    while (p < size && kind(p) == SqlKind.CLOSE) {
      p++;
    }
    if (quoted) {
      return p;
    }
    if (first == SqlKind.NUMBER || first == SqlKind.VARIABLE) {
      return p;
    }
    return (first == SqlKind.WORD || first == SqlKind.STRING) && p > 1 ? p : -1;
  }

  /**
   * After a quote, a few words and then closing parentheses: the rest of the clause the value was
   * in ({@code '1' IN BOOLEAN MODE)}); returns where the attacker's SQL would start, or -1.
   */
  private int closingTail(int p) {
    if (!quoted) {
      return -1;
    }
    int j = p;
    while (j < size && j - p < 4) {
      SqlKind k = kind(j);
      if (k != SqlKind.WORD && k != SqlKind.KEYWORD && k != SqlKind.COMPARE) {
        break;
      }
      j++;
    }
    if (j == p || j >= size || kind(j) != SqlKind.CLOSE) {
      return -1;
    }
    while (j < size && kind(j) == SqlKind.CLOSE) {
      j++;
    }
    return j;
  }

  private @Nullable Hit afterBreakout(int p) {
    SqlToken x = t.get(p);
    String where = quoted ? "after the closing quote" : "after the value";
    switch (x.kind()) {
      case LOGIC -> {
        if (condition(p + 1)) {
          return new Hit("logic operator and condition " + where, p);
        }
      }
      case COMMENT -> {
        if (quoted && !x.text().equals("#x")) {
          return new Hit("comment cuts off the query " + where, p);
        }
      }
      case SEMICOLON -> {
        if (quoted
            && (p + 1 == size
                || kind(p + 1) == SqlKind.COMMENT
                || kind(p + 1) == SqlKind.STATEMENT)) {
          return new Hit("statement ended " + where, p);
        }
      }
      case OPERATOR, COMPARE -> {
        if (quoted && isPostfixTest(p) && (p + 1 == size || kind(p + 1) == SqlKind.COMMENT)) {
          return new Hit("NULL test " + where, p);
        }
        if (p + 1 < size && isInjectedFunction(p + 1)) {
          return new Hit("function call in an expression " + where, p);
        }
        if (isSubquery(p + 1)) {
          return new Hit("subquery in an expression " + where, p);
        }
        if (quoted
            && p + 2 < size
            && kind(p + 1).isValue()
            && (kind(p + 2) == SqlKind.LOGIC || kind(p + 2) == SqlKind.COMMENT)) {
          return new Hit("comparison then more SQL " + where, p);
        }
      }
      case KEYWORD -> {
        String clause = clauseAfter(p);
        if (clause != null) {
          return new Hit(clause + " " + where, p);
        }
      }
      default -> {}
    }
    return null;
  }

  private @Nullable String clauseAfter(int p) {
    String k = text(p);
    switch (k) {
      case "order by", "group by" -> {
        if (p + 1 < size && (kind(p + 1) == SqlKind.NUMBER || kind(p + 1) == SqlKind.VARIABLE)) {
          return k.toUpperCase(java.util.Locale.ROOT) + " column probe";
        }
      }
      case "where", "having" -> {
        if (condition(p + 1)) {
          return k.toUpperCase(java.util.Locale.ROOT) + " clause";
        }
      }
      case "as" -> {
        if (p + 2 < size
            && (kind(p + 1) == SqlKind.WORD || kind(p + 1) == SqlKind.STRING)
            && (text(p + 2).equals("where") || text(p + 2).equals("from"))) {
          return "alias and " + text(p + 2).toUpperCase(java.util.Locale.ROOT) + " clause";
        }
      }
      case "into" -> {
        if (p + 1 < size && (text(p + 1).equals("outfile") || text(p + 1).equals("dumpfile"))) {
          return "INTO OUTFILE";
        }
      }
      case "collate" -> {
        if (quoted
            && p + 1 < size
            && (kind(p + 1) == SqlKind.WORD || kind(p + 1) == SqlKind.STRING)
            && (p + 2 == size || kind(p + 2) == SqlKind.COMMENT)) {
          return "COLLATE then end of query";
        }
      }
      case "procedure" -> {
        if (p + 1 < size && text(p + 1).equals("analyse")) {
          return "PROCEDURE ANALYSE";
        }
      }
      case "limit" -> {
        if (quoted && p + 1 < size && kind(p + 1) == SqlKind.NUMBER) {
          return "LIMIT clause";
        }
      }
      default -> {}
    }
    return null;
  }

  /**
   * Whether the tokens from {@code i} form a condition: a comparison, a function call, a subquery,
   * or (quoted, or before a comment) a bare truth value like {@code 1}.
   */
  private boolean condition(int from) {
    int j = from;
    while (j < size && j - from < LOOK && kind(j) == SqlKind.OPEN) {
      j++;
    }
    if (j >= size) {
      return false;
    }
    SqlToken x = t.get(j);
    switch (x.kind()) {
      case FUNCTION -> {
        return quoted || isSqlFunction(j);
      }
      case STATEMENT -> {
        return x.text().equals("select") && realSelectList(j + 1);
      }
      case KEYWORD -> {
        return x.text().equals("exists") || x.text().equals("case");
      }
      default -> {}
    }
    if (!x.kind().isValue()) {
      return false;
    }
    int next = j + 1;
    if (next < size && isPostfixTest(next)) {
      return true;
    }
    if (next < size && kind(next) == SqlKind.COMPARE) {
      int r = next + 1;
      if (r < size && (text(r).equals("all") || text(r).equals("some"))) {
        r++;
      }
      while (r < size && r - next < LOOK && kind(r) == SqlKind.OPEN) {
        r++;
      }
      if (r >= size) {
        return false;
      }
      SqlKind rk = kind(r);
      if (rk == SqlKind.FUNCTION || rk == SqlKind.STATEMENT || rk == SqlKind.KEYWORD) {
        return rk != SqlKind.KEYWORD || text(r).equals("case") || text(r).equals("null");
      }
      if (!rk.isValue()) {
        return false;
      }
      // Unquoted, "a=b" is ordinary text; a literal on one side makes it a test.
      return quoted || x.kind() != SqlKind.WORD || rk != SqlKind.WORD;
    }
    SqlKind after = next < size ? kind(next) : null;
    boolean literal = x.kind() == SqlKind.NUMBER || x.kind() == SqlKind.VARIABLE;
    if (after == SqlKind.COMMENT) {
      return literal || (quoted && x.kind() == SqlKind.STRING);
    }
    return quoted
        && literal
        && (after == SqlKind.LOGIC || after == SqlKind.SEMICOLON || after == SqlKind.CLOSE);
  }

  /** {@code NOTNULL}, {@code ISNULL}: PostgreSQL and SQLite tests that take no right side. */
  private boolean isPostfixTest(int i) {
    return kind(i) == SqlKind.COMPARE && (text(i).equals("notnull") || text(i).equals("isnull"));
  }

  private @Nullable Hit anywhere(int i) {
    SqlToken x = t.get(i);
    switch (x.kind()) {
      case UNION -> {
        int j = skipOpen(i + 1);
        if (j < size && t.get(j).is(SqlKind.STATEMENT, "select")) {
          return new Hit(x.text().toUpperCase(java.util.Locale.ROOT) + " SELECT", i);
        }
      }
      case SEMICOLON -> {
        String stmt = stackedStatement(i + 1);
        if (stmt != null) {
          return new Hit("stacked query: " + stmt, i);
        }
      }
      case FUNCTION -> {
        return functionHit(i);
      }
      case WORD -> {
        if (SqlWords.DANGEROUS.contains(SqlWords.lastPart(x.text()))) {
          return new Hit("dangerous routine " + x.text(), i);
        }
        if ((hasSelectOrFrom && SqlWords.isCatalog(x.text()))
            || SqlWords.UNMISTAKABLE_CATALOG.contains(x.text())
            || SqlWords.UNMISTAKABLE_CATALOG.contains(SqlWords.lastPart(x.text()))) {
          return new Hit("system catalogue " + x.text(), i);
        }
      }
      case KEYWORD -> {
        if (x.text().equals("waitfor")
            && i + 1 < size
            && (text(i + 1).equals("delay") || text(i + 1).equals("time"))) {
          return new Hit("time delay WAITFOR", i);
        }
        if (x.text().equals("case")
            && i + 1 < size
            && text(i + 1).equals("when")
            && comparisonOfLiterals(i + 2)) {
          return new Hit("CASE WHEN test", i);
        }
        if (x.text().equals("into")
            && i + 1 < size
            && (text(i + 1).equals("outfile") || text(i + 1).equals("dumpfile"))) {
          return new Hit("writes a file INTO " + text(i + 1).toUpperCase(java.util.Locale.ROOT), i);
        }
      }
      case OPEN -> {
        if (isSubquery(i) && (i == 0 || kind(i - 1) != SqlKind.WORD)) {
          return new Hit("subquery", i);
        }
        // "(1=1)*1" (folded to "(1=1)"): a test between literals used as a number, a blind
        // injection probe.
        if (comparisonOfLiterals(i + 1)
            && i + 4 < size
            && kind(i + 4) == SqlKind.CLOSE
            && (i == 0 || i + 5 < size && kind(i + 5) == SqlKind.LOGIC)) {
          return new Hit("test between literals used in an expression", i);
        }
      }
      case STATEMENT -> {
        if (i == 0 && x.text().equals("select") && bareSelect(1)) {
          return new Hit("SELECT statement", i);
        }
        if (i == 0 && STATEMENTS_AT_START.contains(x.text())) {
          String stmt = stackedStatement(0);
          if (stmt != null && !(x.text().equals("create") && text(1).equals("user"))) {
            return new Hit(stmt + " statement", i);
          }
        }
      }
      default -> {}
    }
    return null;
  }

  private @Nullable Hit functionHit(int i) {
    String name = text(i);
    String last = SqlWords.lastPart(name);
    SqlKind prev = i == 0 ? null : kind(i - 1);
    if (SqlWords.DANGEROUS.contains(name) || SqlWords.DANGEROUS.contains(last)) {
      return new Hit("dangerous routine " + name, i);
    }
    if ((SqlWords.UNMISTAKABLE.contains(name) || SqlWords.UNMISTAKABLE.contains(last))
        && prev != SqlKind.WORD) {
      return new Hit("SQL function " + name, i);
    }
    if ((SqlWords.TIME.contains(name) || SqlWords.TIME.contains(last))
        && prev != SqlKind.WORD
        && argumentsLookLikeSql(i)) {
      return new Hit("time delay " + name, i);
    }
    if ((SqlWords.ERROR.contains(name) || SqlWords.ERROR.contains(last))
        && prev != null
        && prev != SqlKind.WORD
        && argumentsLookLikeSql(i)) {
      return new Hit("error-based " + name, i);
    }
    if (CONDITIONAL.contains(last)
        && i + 1 < size
        && kind(i + 1) == SqlKind.OPEN
        && comparisonOfLiterals(i + 2)) {
      return new Hit("conditional function " + name + " with a test", i);
    }
    if (last.equals("floor")
        && i + 2 < size
        && kind(i + 1) == SqlKind.OPEN
        && t.get(i + 2).is(SqlKind.FUNCTION, "rand")) {
      return new Hit("error-based duplicate key FLOOR(RAND())", i);
    }
    if (hasSelectOrFrom && SqlWords.isCatalog(name)) {
      return new Hit("system catalogue " + name, i);
    }
    return null;
  }

  /** {@code 1=1}, {@code 'a'='b'}, {@code (3=4)}: a test between two literals. */
  private boolean comparisonOfLiterals(int from) {
    int j = skipOpen(from);
    if (j + 2 >= size || !isLiteral(kind(j)) || kind(j + 1) != SqlKind.COMPARE) {
      return false;
    }
    int r = skipOpen(j + 2);
    return r < size && isLiteral(kind(r));
  }

  private static boolean isLiteral(SqlKind k) {
    return k == SqlKind.NUMBER || k == SqlKind.STRING || k == SqlKind.VARIABLE;
  }

  private boolean argumentsLookLikeSql(int f) {
    if (f + 2 >= size || kind(f + 1) != SqlKind.OPEN) {
      return false;
    }
    SqlKind a = kind(f + 2);
    return a == SqlKind.NUMBER
        || a == SqlKind.VARIABLE
        || a == SqlKind.STRING
        || a == SqlKind.FUNCTION
        || a == SqlKind.OPEN
        || a == SqlKind.STATEMENT;
  }

  private @Nullable String stackedStatement(int j) {
    if (j >= size) {
      return null;
    }
    SqlToken x = t.get(j);
    String w = x.text();
    SqlKind next = j + 1 < size ? kind(j + 1) : null;
    String nextText = j + 1 < size ? text(j + 1) : "";
    boolean real =
        switch (x.kind()) {
          case STATEMENT ->
              switch (w) {
                case "select" -> realSelectList(j + 1);
                case "insert" -> nextText.equals("into");
                case "update" ->
                    next == SqlKind.WORD
                        && j + 2 < size
                        && t.get(j + 2).is(SqlKind.STATEMENT, "set");
                case "delete" -> nextText.equals("from");
                case "drop", "create", "alter", "truncate" ->
                    SqlWords.OBJECTS.contains(nextText) || nextText.equals("or");
                case "exec", "execute" ->
                    nextText.equals("immediate")
                        || next == SqlKind.FUNCTION
                        || next == SqlKind.VARIABLE
                        || next == SqlKind.STRING
                        || next == SqlKind.OPEN
                        || nextText.startsWith("xp_")
                        || nextText.startsWith("sp_")
                        || nextText.startsWith("master.");
                case "declare" -> next == SqlKind.VARIABLE;
                case "shutdown" ->
                    next == null || next == SqlKind.COMMENT || nextText.equals("with");
                case "begin" ->
                    next == SqlKind.FUNCTION
                        || next == SqlKind.STATEMENT
                        || next == SqlKind.VARIABLE;
                case "call" -> next == SqlKind.FUNCTION;
                case "set" ->
                    next == SqlKind.VARIABLE
                        || (next == SqlKind.WORD
                            && j + 2 < size
                            && kind(j + 2) == SqlKind.COMPARE
                            && j + 3 < size
                            && kind(j + 3) != SqlKind.WORD);
                case "show" -> SHOW_OBJECTS.contains(nextText);
                case "grant", "revoke" -> next == SqlKind.STATEMENT || nextText.equals("all");
                default -> false;
              };
          case FUNCTION -> CONDITIONAL.contains(w) || SqlWords.TIME.contains(w);
          case KEYWORD -> w.equals("waitfor");
          default -> false;
        };
    return real ? w.toUpperCase(java.util.Locale.ROOT) : null;
  }

  /** {@code (SELECT ...)} with a select list that is SQL rather than words. */
  private boolean isSubquery(int open) {
    if (open >= size || kind(open) != SqlKind.OPEN) {
      return false;
    }
    int j = skipOpen(open);
    return j < size && t.get(j).is(SqlKind.STATEMENT, "select") && realSelectList(j + 1);
  }

  /** A SELECT at the start of a value: only with a FROM, a function or a variable to select. */
  private boolean bareSelect(int j) {
    if (!realSelectList(j)) {
      return false;
    }
    for (int k = j; k < size && k - j < LOOK; k++) {
      SqlKind kk = kind(k);
      if (kk == SqlKind.FUNCTION || kk == SqlKind.VARIABLE || text(k).equals("from")) {
        return true;
      }
    }
    return false;
  }

  private boolean realSelectList(int from) {
    int j = from;
    while (j < size
        && j - from < 3
        && (text(j).equals("distinct") || text(j).equals("all") || text(j).equals("top"))) {
      j++;
      if (j < size && text(j - 1).equals("top") && kind(j) == SqlKind.NUMBER) {
        j++;
      }
    }
    if (j >= size) {
      return false;
    }
    SqlToken x = t.get(j);
    return switch (x.kind()) {
      case NUMBER, STRING, VARIABLE, FUNCTION, OPEN -> true;
      case OPERATOR -> x.text().equals("*");
      case KEYWORD -> x.text().equals("case");
      case WORD ->
          j + 1 < size && (kind(j + 1) == SqlKind.COMMA || SELECT_CLAUSES.contains(text(j + 1)));
      default -> false;
    };
  }

  private boolean isInjectedFunction(int i) {
    if (kind(i) != SqlKind.FUNCTION) {
      return false;
    }
    return quoted || isSqlFunction(i);
  }

  private boolean isSqlFunction(int i) {
    String last = SqlWords.lastPart(text(i));
    return SQL_FUNCTIONS.contains(last)
        || SqlWords.TIME.contains(last)
        || SqlWords.ERROR.contains(last)
        || SqlWords.DANGEROUS.contains(last);
  }

  private int skipOpen(int from) {
    int j = from;
    while (j < size && j - from < LOOK && kind(j) == SqlKind.OPEN) {
      j++;
    }
    return j;
  }

  private SqlKind kind(int i) {
    return t.get(i).kind();
  }

  private String text(int i) {
    return t.get(i).text();
  }
}
