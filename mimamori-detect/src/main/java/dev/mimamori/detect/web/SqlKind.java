package dev.mimamori.detect.web;

/** What a SQL token is; the letter is its character in the fingerprint shown in alerts. */
public enum SqlKind {
  STRING('s'),
  NUMBER('1'),
  WORD('w'),
  KEYWORD('k'),
  UNION('U'),
  STATEMENT('S'),
  FUNCTION('f'),
  VARIABLE('v'),
  LOGIC('&'),
  OPERATOR('o'),
  COMPARE('='),
  COMMENT('c'),
  SEMICOLON(';'),
  OPEN('('),
  CLOSE(')'),
  COMMA(','),
  DOT('.'),
  OTHER('?');

  private final char letter;

  SqlKind(char letter) {
    this.letter = letter;
  }

  public char letter() {
    return letter;
  }

  /** Something that yields a value: a literal, a name or a variable. */
  boolean isValue() {
    return this == STRING || this == NUMBER || this == WORD || this == VARIABLE;
  }
}
