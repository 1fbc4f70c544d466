package dev.mimamori.incidents.notify;

/**
 * A notification that could not be sent. {@code temporary} errors (a timeout, a 5xx) are retried;
 * permanent ones (bad credentials, a rejected address) are not.
 */
public final class NotificationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean temporary;

  public NotificationException(String message, boolean temporary, Throwable cause) {
    super(message, cause);
    this.temporary = temporary;
  }

  public NotificationException(String message, boolean temporary) {
    super(message);
    this.temporary = temporary;
  }

  public boolean temporary() {
    return temporary;
  }
}
