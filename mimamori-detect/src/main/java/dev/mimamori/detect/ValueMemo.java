package dev.mimamori.detect;

import org.jspecify.annotations.Nullable;

/**
 * What was worked out for the texts seen last, in a table of slot pairs by hash: logs repeat their
 * paths, user agents and referrers request after request, and a lookup (a hash and an equals) is
 * cheaper than reading the text again. Texts over {@code maxChars} are not kept, so at most {@code
 * slots × maxChars} characters are held. Shared by the threads that prepare events without locks:
 * an entry is immutable, and a thread that reads a slot another just replaced sees the old entry or
 * the new one, each right for its own text (or misses, and works the answer out again).
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
    if (slots < 2 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two, at least 2: " + slots);
    }
    this.slots = (Entry<V>[]) new Entry<?>[slots];
    this.maxChars = maxChars;
  }

  /** The answer kept for {@code text}, or null. */
  public @Nullable V get(String text) {
    if (text.length() > maxChars) {
      return null;
    }
    int i = slot(text);
    Entry<V> e = slots[i];
    if (e != null && e.text.equals(text)) {
      return e.value;
    }
    Entry<V> older = slots[i + 1];
    if (older != null && older.text.equals(text)) {
      // Used again: first of its pair now, so the next new text pushes out the other one.
      slots[i + 1] = e;
      slots[i] = older;
      return older.value;
    }
    return null;
  }

  /** Keeps {@code value} for {@code text} (nothing for a text over the size kept). */
  public void put(String text, V value) {
    if (text.length() <= maxChars) {
      int i = slot(text);
      slots[i + 1] = slots[i];
      slots[i] = new Entry<>(text, value);
    }
  }

  /**
   * The first slot of the pair a text may sit in: two texts whose hashes meet keep both, the one
   * used last first (a direct-mapped table lost a fifth of the lookups of ten thousand requests to
   * texts pushing each other out).
   */
  private int slot(String text) {
    int h = text.hashCode();
    return (h ^ (h >>> 16)) & (slots.length - 2);
  }
}
