package dev.mimamori.detect.behaviour;

/**
 * Event times in arrival order, at most {@code capacity} of them; grows by doubling so that the
 * many groups that see one event cost a few bytes, not {@code capacity} longs.
 */
final class TimeRing {
  private final int capacity;
  private long[] times = new long[2];
  private int head;
  private int size;

  TimeRing(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  /** Adds a time; when full, the oldest gives way. */
  void add(long t) {
    if (size == times.length && size < capacity) {
      long[] grown = new long[Math.min(capacity, times.length * 2)];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(head + i) % times.length];
      }
      times = grown;
      head = 0;
    }
    if (size == times.length) {
      times[head] = t;
      head = (head + 1) % times.length;
    } else {
      times[(head + size) % times.length] = t;
      size++;
    }
  }

  /** Forgets the times before {@code cutoff} at the old end. */
  void expire(long cutoff) {
    while (size > 0 && times[head] < cutoff) {
      head = (head + 1) % times.length;
      size--;
    }
  }

  /** Forgets every time; a ring that grew large is let go, a small one kept. */
  void clear() {
    if (times.length > 16) {
      times = new long[2];
    }
    head = 0;
    size = 0;
  }
}
