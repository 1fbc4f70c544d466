package dev.mimamori.server.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits login attempts. Every attempt is counted when it begins (so parallel requests cannot slip
 * past the check) and uncounted when it succeeds. Limits: {@code maxFailures} per client address
 * (IPv6 grouped by /64) within {@code window}, and ten times that per user name from all addresses
 * together, so that a distributed guess at one account is slowed while a single address cannot lock
 * an account out. Bounded memory: the least recently used keys are dropped first.
 */
public final class LoginThrottle {
  private static final int MAX_KEYS = 50_000;
  private static final int USER_FACTOR = 10;

  private final Clock clock;
  private final int maxFailures;
  private final int maxPerUser;
  private final Duration window;
  private final Map<String, ArrayDeque<Long>> attempts =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this(clock, maxFailures, maxFailures * USER_FACTOR, window);
  }

  /** With its own limit per user name from all addresses together. */
  public LoginThrottle(Clock clock, int maxFailures, int maxPerUser, Duration window) {
    this.clock = clock;
    this.maxPerUser = maxPerUser;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /**
   * Begins an attempt: counts it and returns 0, or returns the seconds to wait (nothing counted).
   */
  public synchronized long begin(String clientIp, String username) {
    long now = clock.millis();
    String ipKey = "ip:" + addressKey(clientIp);
    String userKey = "user:" + username;
    long wait = Math.max(waitFor(ipKey, maxFailures, now), waitFor(userKey, maxPerUser, now));
    if (wait > 0) {
      return Math.max(1, (wait + 999) / 1000);
    }
    add(ipKey, maxFailures, now);
    add(userKey, maxPerUser, now);
    return 0;
  }

  /** The attempt begun for this address and user succeeded: it does not count against them. */
  public synchronized void succeeded(String clientIp, String username) {
    removeLast("ip:" + addressKey(clientIp));
    removeLast("user:" + username);
  }

  /** IPv4 as is; IPv6 by its /64, since one host usually holds a whole /64. */
  static String addressKey(String ip) {
    if (ip.indexOf(':') < 0) {
      return ip;
    }
    try {
      byte[] a = java.net.InetAddress.getByName(ip).getAddress();
      if (a.length != 16) {
        return ip;
      }
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
      }
      return b.append(":/64").toString();
    } catch (java.net.UnknownHostException e) {
      return ip;
    }
  }

  private long waitFor(String key, int limit, long now) {
    ArrayDeque<Long> q = attempts.get(key);
    if (q == null) {
      return 0;
    }
    prune(q, now);
    if (q.size() < limit) {
      return 0;
    }
    return q.peekFirst() + window.toMillis() - now;
  }

  private void add(String key, int limit, long now) {
    ArrayDeque<Long> q = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
    prune(q, now);
    q.addLast(now);
    while (q.size() > limit) {
      q.removeFirst();
    }
  }

  private void removeLast(String key) {
    ArrayDeque<Long> q = attempts.get(key);
    if (q != null && !q.isEmpty()) {
      q.removeLast();
    }
  }

  private void prune(ArrayDeque<Long> q, long now) {
    while (!q.isEmpty() && q.peekFirst() <= now - window.toMillis()) {
      q.removeFirst();
    }
  }
}
