package dev.mimamori.detect;

import com.google.re2j.Pattern;

/**
 * One regex's answers for the values it saw last ({@link ValueMemo}: 256 values of up to 512
 * characters): RE2 reads a value a character at a time through its automaton (a microsecond or more
 * for a path), where a lookup costs a hash and a comparison.
 */
public final class RegexMemo {
  private final Pattern pattern;
  private final ValueMemo<Boolean> answers = new ValueMemo<>(256, 512);

  public RegexMemo(Pattern pattern) {
    this.pattern = pattern;
  }

  public Pattern pattern() {
    return pattern;
  }

  /** Whether the pattern matches anywhere in {@code text}, as {@code matcher(text).find()}. */
  public boolean find(String text) {
    Boolean known = answers.get(text);
    if (known != null) {
      return known;
    }
    boolean found = pattern.matcher(text).find();
    answers.put(text, found);
    return found;
  }
}
