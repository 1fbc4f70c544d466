package dev.mimamori.server.web;

import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One password check, as both the API and the console do it: rate-limited, and with at most a few
 * Argon2 computations at a time (each takes 19 MiB and a core), so a flood of logins cannot exhaust
 * memory or starve the pipeline.
 */
public final class PasswordLogin {

  /** How an attempt ended. */
  public sealed interface Outcome {
    record Success(User user) implements Outcome {}

    record WrongCredentials() implements Outcome {}

    record Throttled(long retryAfterSeconds) implements Outcome {}

    record Busy() implements Outcome {}
  }

  private final Store store;
  private final LoginThrottle throttle;
  private final Semaphore hashing;

  public PasswordLogin(Store store, LoginThrottle throttle) {
    this.store = store;
    this.throttle = throttle;
    this.hashing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
  }

  /**
   * One attempt, written to the audit log with its outcome and the client's address. A success is
   * written only when the user has no second factor to give; otherwise the caller writes it (with
   * {@link #signedIn}) once the code is right.
   */
  public Outcome attempt(String clientIp, String username, String password) {
    return attempt(clientIp, username, password, u -> false);
  }

  /** As {@link #attempt(String, String, String)}, with who still owes a second factor. */
  public Outcome attempt(
      String clientIp,
      String username,
      String password,
      java.util.function.Predicate<User> secondFactorFollows) {
    Outcome o = check(clientIp, username, password);
    String who = dev.mimamori.incidents.notify.Sanitize.oneLine(username);
    if (o instanceof Outcome.Success s) {
      if (!secondFactorFollows.test(s.user())) {
        signedIn(s.user(), clientIp, null);
      }
    } else if (o instanceof Outcome.WrongCredentials) {
      audit(tenantOf(username), who, "refused", clientIp, "wrong name or password");
    }
    // Throttled attempts are not written one by one: a flood would bury the log; the refused
    // attempts before the throttle are there.
    return o;
  }

  /** Writes a completed sign-in. */
  public void signedIn(User user, String clientIp, @org.jspecify.annotations.Nullable String how) {
    audit(user.tenant(), user.username(), "ok", clientIp, how);
  }

  /** Writes a sign-in refused after the password was right (a wrong or missing second factor). */
  public void refused(User user, String clientIp, String why) {
    audit(user.tenant(), user.username(), "refused", clientIp, why);
  }

  private void audit(
      @org.jspecify.annotations.Nullable String tenant,
      String who,
      String outcome,
      String clientIp,
      @org.jspecify.annotations.Nullable String detail) {
    try {
      store.audit().record(tenant, who, "login", null, outcome, clientIp, detail);
    } catch (RuntimeException e) {
      // The audit log must not decide whether someone can log in; the failure is in the log.
      org.slf4j.LoggerFactory.getLogger(PasswordLogin.class).warn("audit: {}", e.toString());
    }
  }

  /** The tenant of a known user name, for the audit entry of a failed attempt; null if unknown. */
  private @org.jspecify.annotations.Nullable String tenantOf(String username) {
    return store.users().tenantOf(username).orElse(null);
  }

  private Outcome check(String clientIp, String username, String password) {
    long wait = throttle.begin(clientIp, username);
    if (wait > 0) {
      return new Outcome.Throttled(wait);
    }
    boolean acquired = false;
    try {
      acquired = hashing.tryAcquire(5, TimeUnit.SECONDS);
      if (!acquired) {
        return new Outcome.Busy();
      }
      var user = store.users().authenticate(username, password);
      if (user.isEmpty()) {
        return new Outcome.WrongCredentials();
      }
      throttle.succeeded(clientIp, username);
      return new Outcome.Success(user.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Busy();
    } finally {
      if (acquired) {
        hashing.release();
      }
    }
  }
}
