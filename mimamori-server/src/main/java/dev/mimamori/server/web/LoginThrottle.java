package dev.mimamori.server.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits failed logins per client address and per user name: after {@code maxFailures} failures
 * within {@code window}, further attempts are refused until the oldest failure ages out. Bounded
 * memory: the least recently used keys are dropped first.
 */
public final class LoginThrottle {
  private static final int MAX_KEYS = 50_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, ArrayDeque<Long>> failures =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  public synchronized long retryAfterSeconds(String clientIp, String username) {
    long now = clock.millis();
    long wait = Math.max(waitFor("ip:" + clientIp, now), waitFor("user:" + username, now));
    return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
  }

  public synchronized void failed(String clientIp, String username) {
    long now = clock.millis();
    add("ip:" + clientIp, now);
    add("user:" + username, now);
  }

  public synchronized void succeeded(String clientIp, String username) {
    failures.remove("user:" + username);
  }

  private long waitFor(String key, long now) {
    ArrayDeque<Long> q = failures.get(key);
    if (q == null) {
      return 0;
    }
    prune(q, now);
    if (q.size() < maxFailures) {
      return 0;
    }
    return q.peekFirst() + window.toMillis() - now;
  }

  private void add(String key, long now) {
    ArrayDeque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    prune(q, now);
    q.addLast(now);
    while (q.size() > maxFailures) {
      q.removeFirst();
    }
  }

  private void prune(ArrayDeque<Long> q, long now) {
    while (!q.isEmpty() && q.peekFirst() <= now - window.toMillis()) {
      q.removeFirst();
    }
  }
}
