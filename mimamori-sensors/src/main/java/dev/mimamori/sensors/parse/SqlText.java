package dev.mimamori.sensors.parse;

import dev.mimamori.model.Event;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a logged SQL statement is about, read without parsing SQL: {@code db.statement} as written,
 * {@code db.operation} (its first keyword, upper case, after leading comments) and {@code
 * db.collection.name} (the first table after {@code FROM}, {@code INTO} or {@code UPDATE} when it
 * is a plain name, not a subquery). One left-to-right scan that skips quoted text and comments, so
 * linear in the statement's length. The two dialects differ only in their lexical details.
 */
public final class SqlText {
  /** The lexical differences of the databases whose logs are read. */
  public enum Dialect {
    /**
     * Backticks quote names; strings take backslash escapes; {@code #} starts a comment; {@code
     * /*!40101 ...*}{@code /} holds code; {@code LOW_PRIORITY} and {@code IGNORE} may precede a
     * table.
     */
    MYSQL,
    /**
     * Only {@code E'...'} strings take backslash escapes ({@code standard_conforming_strings});
     * {@code #} is an operator; {@code COPY t TO ...} names {@code t}.
     */
    POSTGRESQL
  }

  private static final int MAX_KEYWORD = 32;
  private static final int MAX_NAME = 256;

  private SqlText() {}

  /** Fills the {@code db.*} fields of a statement. */
  public static void describe(String sql, Dialect d, Event.Builder b) {
    b.extra("db.statement", sql);
    int p = skipNoise(sql, 0, d);
    int w = keywordEnd(sql, p);
    if (w == p || w - p > MAX_KEYWORD) {
      return;
    }
    String op = sql.substring(p, w).toUpperCase(Locale.ROOT);
    b.extra("db.operation", op);
    String table = table(sql, w, op, d);
    if (table != null) {
      b.extra("db.collection.name", table);
    }
  }

  /**
   * Whether text starts like a MySQL statement (a statement keyword, a comment or a parenthesis).
   */
  public static boolean looksLikeStatement(String s, int end) {
    if (s.startsWith("/*") || s.startsWith("(")) {
      return true;
    }
    int w = keywordEnd(s, 0);
    if (w == 0
        || w > 12
        || (w < end && s.charAt(w) != ' ' && s.charAt(w) != '\t' && s.charAt(w) != ';')) {
      return false;
    }
    String k = s.substring(0, w).toUpperCase(Locale.ROOT);
    for (String known : STATEMENT_KEYWORDS) {
      if (known.equals(k)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] STATEMENT_KEYWORDS = {
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "REPLACE",
    "CALL",
    "WITH",
    "SET",
    "SHOW",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "LOAD",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "START",
    "LOCK",
    "UNLOCK",
    "EXPLAIN",
    "DESCRIBE",
    "DESC",
    "HANDLER",
    "DO",
    "PREPARE",
    "EXECUTE",
    "DEALLOCATE",
    "FLUSH",
    "KILL",
    "OPTIMIZE",
    "ANALYZE",
    "CHECK",
    "REPAIR",
    "RENAME",
    "SAVEPOINT",
    "RELEASE",
    "XA",
    "INSTALL",
    "UNINSTALL",
    "RESET",
    "PURGE",
    "CHANGE",
    "TABLE",
    "VALUES",
    "USE"
  };

  private static @Nullable String table(String sql, int from, String op, Dialect d) {
    if (op.equals("SELECT") || op.equals("DELETE")) {
      int at = keywordAtDepthZero(sql, from, "FROM", d);
      return at < 0 ? null : name(sql, at, d);
    }
    if (op.equals("INSERT") || op.equals("REPLACE")) {
      int at = keywordAtDepthZero(sql, from, "INTO", d);
      return at < 0 ? null : name(sql, at, d);
    }
    if (op.equals("UPDATE")
        || op.equals("TABLE")
        || (d == Dialect.POSTGRESQL && op.equals("COPY"))) {
      return name(sql, from, d);
    }
    return null;
  }

  /** The end of the first {@code keyword} outside quotes, comments and parentheses, or -1. */
  private static int keywordAtDepthZero(String s, int from, String keyword, Dialect d) {
    int n = s.length();
    int depth = 0;
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"' || (c == '`' && d == Dialect.MYSQL)) {
        i = quotedEnd(s, i, d);
        continue;
      }
      int comment = commentEnd(s, i, d);
      if (comment > i) {
        i = comment;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (isIdentChar(c)) {
        int w = identEnd(s, i);
        if (depth == 0
            && w - i == keyword.length()
            && s.regionMatches(true, i, keyword, 0, keyword.length())) {
          return w;
        }
        i = w;
        continue;
      }
      i++;
    }
    return -1;
  }

  /**
   * A plain table name at {@code at} (after spaces, comments and the modifiers {@code ONLY}, and in
   * MySQL {@code LOW_PRIORITY} and {@code IGNORE}): {@code t}, {@code db.t}, {@code `db`.`t`},
   * {@code "schema"."t"}, quotes removed; null for a subquery or anything else.
   */
  private static @Nullable String name(String s, int at, Dialect d) {
    int p = skipSpaceAndComments(s, at, d);
    for (int k = 0; k < 3; k++) {
      int w = identEnd(s, p);
      String word = s.substring(p, w);
      boolean modifier =
          word.equalsIgnoreCase("ONLY")
              || (d == Dialect.MYSQL
                  && (word.equalsIgnoreCase("LOW_PRIORITY") || word.equalsIgnoreCase("IGNORE")));
      if (modifier) {
        p = skipSpaceAndComments(s, w, d);
      } else {
        break;
      }
    }
    StringBuilder out = new StringBuilder();
    int n = s.length();
    while (p < n && out.length() <= MAX_NAME) {
      char c = s.charAt(p);
      int partEnd;
      if (c == '"' || (c == '`' && d == Dialect.MYSQL)) {
        partEnd = indexOf(s, c, p + 1, Math.min(n, p + 1 + MAX_NAME));
        if (partEnd < 0 || partEnd == p + 1) {
          return null;
        }
        out.append(s, p + 1, partEnd);
        p = partEnd + 1;
      } else if (isIdentChar(c)) {
        partEnd = identEnd(s, p);
        out.append(s, p, partEnd);
        p = partEnd;
      } else {
        break;
      }
      if (p < n && s.charAt(p) == '.' && p + 1 < n && s.charAt(p + 1) != '.') {
        out.append('.');
        p++;
      } else {
        break;
      }
    }
    if (out.length() == 0 || out.length() > MAX_NAME || out.charAt(out.length() - 1) == '.') {
      return null;
    }
    return out.toString();
  }

  /** Skips spaces, comments and opening parentheses before the first keyword. */
  private static int skipNoise(String s, int from, Dialect d) {
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(') {
        i++;
        continue;
      }
      if (d == Dialect.MYSQL && s.startsWith("/*!", i)) {
        // MySQL's versioned comment "/*!40101 SET ... */" holds code.
        i += 3;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        continue;
      }
      int comment = commentEnd(s, i, d);
      if (comment > i) {
        i = comment;
        continue;
      }
      break;
    }
    return i;
  }

  private static int skipSpaceAndComments(String s, int from, Dialect d) {
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int comment = commentEnd(s, i, d);
      if (comment > i) {
        i = comment;
        continue;
      }
      break;
    }
    return i;
  }

  /**
   * The end of a comment starting at {@code i} ({@code /* *}{@code /}, {@code --}, and in MySQL
   * {@code #}; MySQL's {@code /*!} holds code, not a comment).
   */
  private static int commentEnd(String s, int i, Dialect d) {
    int n = s.length();
    if (s.startsWith("/*", i) && !(d == Dialect.MYSQL && s.startsWith("/*!", i))) {
      int close = s.indexOf("*/", i + 2);
      return close < 0 ? n : close + 2;
    }
    if (s.startsWith("--", i) || (d == Dialect.MYSQL && s.charAt(i) == '#')) {
      int nl = s.indexOf('\n', i);
      return nl < 0 ? n : nl + 1;
    }
    return i;
  }

  /** The end of a quoted string or identifier, with the dialect's backslash escapes. */
  private static int quotedEnd(String s, int open, Dialect d) {
    char q = s.charAt(open);
    boolean escapes =
        d == Dialect.MYSQL
            ? q != '`'
            : q == '\'' && open > 0 && (s.charAt(open - 1) == 'E' || s.charAt(open - 1) == 'e');
    int n = s.length();
    int i = open + 1;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\' && escapes) {
        i += 2;
        continue;
      }
      if (c == q) {
        return i + 1;
      }
      i++;
    }
    return n;
  }

  private static int keywordEnd(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static int identEnd(String s, int from) {
    int i = from;
    while (i < s.length() && isIdentChar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '$'
        || (c > 0x7f && Character.isLetterOrDigit(c));
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
