package dev.mimamori.server.console;

import dev.mimamori.store.User;

/**
 * A console session.
 *
 * @param id the cookie value
 * @param user who
 * @param csrfToken the token every form of this session must carry
 * @param expiresAtMillis when it ends
 * @param createdAtMillis when it began (a password changed since ends it)
 * @param stage how far the sign-in went: only a signed-in session opens the console
 */
public record Session(
    String id,
    User user,
    String csrfToken,
    long expiresAtMillis,
    long createdAtMillis,
    Stage stage) {

  /** How far a sign-in went. */
  public enum Stage {
    /** Password and, where needed, second factor given: the console is open. */
    SIGNED_IN,
    /** The password was right; the authenticator's code is still owed. */
    CODE_NEEDED,
    /** The password was right, but the user must enroll a second factor before anything else. */
    ENROLLMENT_NEEDED
  }

  public Session(
      String id, User user, String csrfToken, long expiresAtMillis, long createdAtMillis) {
    this(id, user, csrfToken, expiresAtMillis, createdAtMillis, Stage.SIGNED_IN);
  }

  public boolean signedIn() {
    return stage == Stage.SIGNED_IN;
  }
}
