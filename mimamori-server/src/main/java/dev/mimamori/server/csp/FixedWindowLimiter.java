package dev.mimamori.server.csp;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} hits per key in each window (one minute by default). Bounded memory: the
 * least recently used keys are dropped first, which at worst lets a forgotten key start again.
 */
public final class FixedWindowLimiter {
  private static final int MAX_KEYS = 20_000;

  private record Window(long start, int hits) {}

  private final Clock clock;
  private final int limit;
  private final long windowMillis;
  private final Map<String, Window> windows =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public FixedWindowLimiter(Clock clock, int limit, long windowMillis) {
    this.clock = clock;
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  /** Counts a hit; false when the key is over its limit in this window (nothing counted then). */
  public synchronized boolean tryHit(String key) {
    long now = clock.millis();
    Window w = windows.get(key);
    if (w == null || now - w.start() >= windowMillis) {
      w = new Window(now, 0);
    }
    if (w.hits() >= limit) {
      return false;
    }
    windows.put(key, new Window(w.start(), w.hits() + 1));
    return true;
  }

  /** Seconds until the key's window ends (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, windowMillis / 1000);
  }
}
