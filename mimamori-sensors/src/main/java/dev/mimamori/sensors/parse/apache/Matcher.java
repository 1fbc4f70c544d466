package dev.mimamori.sensors.parse.apache;

/**
 * One compiled piece of a LogFormat. Matchers run left to right over a line, each from where the
 * last stopped, and never look back: a line is matched in one pass.
 */
abstract class Matcher {

  /**
   * Matches at {@code pos}, records what it found in {@code into}, and returns the position after
   * it; or -1 after {@link Captured#fail} when the line does not fit.
   */
  abstract int match(String line, int pos, Captured into);
}
