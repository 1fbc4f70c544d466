package dev.mimamori.vuln.version;

/** A version or range that cannot be read; the message says what and why, in one line. */
public final class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidVersionException(String message) {
    super(message);
  }
}
