package dev.mimamori.vuln.feed;

/**
 * A feed that cannot be reached or answers something that is not its format; the message says
 * which.
 */
public final class FeedException extends Exception {
  private static final long serialVersionUID = 1L;

  public FeedException(String message) {
    super(message);
  }
}
