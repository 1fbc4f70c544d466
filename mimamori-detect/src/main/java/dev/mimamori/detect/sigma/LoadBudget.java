package dev.mimamori.detect.sigma;

/**
 * What compiling one file may cost, across all its rules: a file of a thousand rules each just
 * under a per-value limit must not add up to minutes of loading or a huge heap.
 */
final class LoadBudget {
  /** Case-insensitive character classes RE2 folds (some milliseconds each at worst). */
  static final int MAX_FOLDED_CLASSES = 128;

  /** Estimated regex program size, summed. */
  static final long MAX_REGEX_SIZE = 1_000_000;

  /** Compiled values (tests), summed. */
  static final int MAX_TESTS = 100_000;

  private int foldedClasses;
  private long regexSize;
  private int tests;

  void regex(int line, long size, int folded) {
    regexSize += size;
    foldedClasses += folded;
    if (regexSize > MAX_REGEX_SIZE) {
      throw new RuleError(line, "the file's regular expressions are too large in total");
    }
    if (foldedClasses > MAX_FOLDED_CLASSES) {
      throw new RuleError(
          line,
          "more than "
              + MAX_FOLDED_CLASSES
              + " case-insensitive character classes in the file's regular expressions"
              + " (RE2 folds each one)");
    }
  }

  void tests(int line, int n) {
    tests += n;
    if (tests > MAX_TESTS) {
      throw new RuleError(line, "more than " + MAX_TESTS + " values in one file");
    }
  }
}
