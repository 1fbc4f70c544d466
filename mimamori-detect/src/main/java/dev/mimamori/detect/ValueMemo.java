package dev.mimamori.detect;

import org.jspecify.annotations.Nullable;

/**
 * What was worked out for the texts seen last, direct-mapped by hash: logs repeat their paths, user
 * agents and referrers request after request, and a lookup (a hash and an equals) is cheaper than
 * reading the text again. Texts over {@code maxChars} are not kept, so at most {@code slots ×
 * maxChars} characters are held. Shared by the threads that prepare events without locks: an entry
 * is immutable, and a thread that reads a slot another just replaced sees the old entry or the new
 * one, each right for its own text (or misses, and works the answer out again).
 *
 * @param <V> the answer kept for a text; must not change once put
 */
public final class ValueMemo<V> {
  private record Entry<V>(String text, V value) {}

  private final Entry<V>[] slots;
  private final int maxChars;

  /**
   * @param slots how many texts are kept, a power of two
   * @param maxChars longer texts are never kept
   */
  @SuppressWarnings("unchecked")
  public ValueMemo(int slots, int maxChars) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = (Entry<V>[]) new Entry<?>[slots];
    this.maxChars = maxChars;
  }

  /** The answer kept for {@code text}, or null. */
  public @Nullable V get(String text) {
    if (text.length() > maxChars) {
      return null;
    }
    Entry<V> e = slots[slot(text)];
    return e != null && e.text.equals(text) ? e.value : null;
  }

  /** Keeps {@code value} for {@code text} (nothing for a text over the size kept). */
  public void put(String text, V value) {
    if (text.length() <= maxChars) {
      slots[slot(text)] = new Entry<>(text, value);
    }
  }

  private int slot(String text) {
    int h = text.hashCode();
    return (h ^ (h >>> 16)) & (slots.length - 1);
  }
}
