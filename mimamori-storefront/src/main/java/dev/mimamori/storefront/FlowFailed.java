package dev.mimamori.storefront;

/** A flow step that could not be done; the message names the step. */
public final class FlowFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlowFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
