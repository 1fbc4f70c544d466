package dev.mimamori.detect.web;

/**
 * One SQL token.
 *
 * @param kind what it is
 * @param start offset of its first character in the tokenized text
 * @param text the lower-cased word for names, keywords and operators; empty for literals
 * @param open a string or block comment that the text ends inside
 */
record SqlToken(SqlKind kind, int start, String text, boolean open) {
  SqlToken with(SqlKind k, String t) {
    return new SqlToken(k, start, t, open);
  }

  boolean is(SqlKind k, String t) {
    return kind == k && text.equals(t);
  }
}
