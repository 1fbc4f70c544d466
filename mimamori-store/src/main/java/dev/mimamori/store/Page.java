package dev.mimamori.store;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a longer list.
 *
 * @param items this page
 * @param total how many there are in all
 * @param limit page size asked for
 * @param offset how many were skipped (0 for a page after a cursor)
 * @param next where the next page starts, or null when this is the last
 */
public record Page<T>(List<T> items, long total, int limit, int offset, @Nullable Cursor next) {
  public Page {
    items = List.copyOf(items);
  }

  public Page(List<T> items, long total, int limit, int offset) {
    this(items, total, limit, offset, null);
  }

  /**
   * The page of {@code rows}, read with a limit one higher than asked: the extra row only shows
   * that there is a next page, which starts after the last row kept.
   */
  static <T> Page<T> of(
      List<T> rows, long total, int limit, int offset, Function<T, Cursor> sortKey) {
    if (rows.size() <= limit) {
      return new Page<>(rows, total, limit, offset, null);
    }
    List<T> kept = rows.subList(0, limit);
    return new Page<>(kept, total, limit, offset, sortKey.apply(kept.get(limit - 1)));
  }

  public static void check(int limit, int offset) {
    if (limit < 1 || limit > 500) {
      throw new IllegalArgumentException("limit must be between 1 and 500");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
  }
}
