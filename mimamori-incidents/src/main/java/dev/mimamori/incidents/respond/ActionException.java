package dev.mimamori.incidents.respond;

/** An action that could not be carried out; {@code temporary} ones may be retried. */
public final class ActionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean temporary;

  public ActionException(String message, boolean temporary, Throwable cause) {
    super(message, cause);
    this.temporary = temporary;
  }

  public ActionException(String message, boolean temporary) {
    super(message);
    this.temporary = temporary;
  }

  public boolean temporary() {
    return temporary;
  }
}
