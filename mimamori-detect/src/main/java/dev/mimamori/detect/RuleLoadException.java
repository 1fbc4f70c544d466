package dev.mimamori.detect;

/** A rule file or rule that cannot be loaded; the message names the file, the rule and why. */
public final class RuleLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuleLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public RuleLoadException(String message) {
    super(message);
  }
}
