package dev.mimamori.incidents.notify;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A notification that could not be sent. {@code temporary} errors (a timeout, a 5xx, a 429) are
 * retried, after {@code retryAfter} when the receiver said how long to wait; permanent ones (bad
 * credentials, a rejected address, another 4xx) go to the dead-letter list.
 */
public final class NotificationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean temporary;
  private final @Nullable Duration retryAfter;

  public NotificationException(
      String message, boolean temporary, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.temporary = temporary;
    this.retryAfter = retryAfter;
  }

  public NotificationException(String message, boolean temporary, Throwable cause) {
    this(message, temporary, null, cause);
  }

  public NotificationException(String message, boolean temporary) {
    this(message, temporary, null, null);
  }

  public boolean temporary() {
    return temporary;
  }

  /** How long the receiver asked us to wait before the next try, if it said. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
