package dev.mimamori.vuln.feed;

import java.time.Duration;

/** Waits between requests to respect a feed's rate limit; tests pass one that only records. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
