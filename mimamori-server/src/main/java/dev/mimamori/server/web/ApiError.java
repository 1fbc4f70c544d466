package dev.mimamori.server.web;

/** An error with the HTTP status it answers with and a message safe to show the caller. */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
