package dev.mimamori.store;

import java.util.Objects;

/**
 * A position in a list ordered newest first by a time and then by id: the sort key of the last row
 * a page held. The next page starts after it (keyset paging), so rows added meanwhile neither
 * repeat nor push rows off. It only says where to go on: the caller's scope still applies.
 *
 * @param time the row's sort time, epoch milliseconds
 * @param id the row's id, which orders rows of the same time
 */
public record Cursor(long time, String id) {
  /** Ids are at most this long, so a cursor stays small. */
  public static final int MAX_ID = 200;

  public Cursor {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > MAX_ID) {
      throw new IllegalArgumentException("a cursor's id is 1 to " + MAX_ID + " characters");
    }
  }

  /** The SQL that keeps rows after this position, for {@code ORDER BY time DESC, id}. */
  static String after(String timeColumn, String idColumn) {
    return "("
        + timeColumn
        + " < :after_time OR ("
        + timeColumn
        + " = :after_time AND "
        + idColumn
        + " > :after_id))";
  }
}
