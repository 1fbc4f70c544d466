package dev.mimamori.detect.sigma;

/** Why a rule cannot load, and on which line; becomes a {@link LoadError} naming the file. */
final class RuleError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  RuleError(int line, String reason) {
    super(reason, null, false, false);
    this.line = line;
  }

  int line() {
    return line;
  }
}
