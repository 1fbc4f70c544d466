package dev.mimamori.scan.yara;

/** libyara is missing, unsupported, or failed in a way no single rule or file explains. */
public final class YaraException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public YaraException(String message) {
    super(message);
  }

  public YaraException(String message, Throwable cause) {
    super(message, cause);
  }
}
