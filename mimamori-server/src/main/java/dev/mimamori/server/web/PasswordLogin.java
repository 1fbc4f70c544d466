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

  public Outcome attempt(String clientIp, String username, String password) {
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
