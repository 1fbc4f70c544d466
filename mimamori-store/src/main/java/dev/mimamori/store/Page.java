package dev.mimamori.store;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items this page
 * @param total how many there are in all
 * @param limit page size asked for
 * @param offset how many were skipped
 */
public record Page<T>(List<T> items, long total, int limit, int offset) {
  public Page {
    items = List.copyOf(items);
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
