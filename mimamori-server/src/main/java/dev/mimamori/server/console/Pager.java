package dev.mimamori.server.console;

import dev.mimamori.store.Page;
import org.jspecify.annotations.Nullable;

/**
 * The paging of a list page: links to the previous and next page that keep the list's filters.
 *
 * @param total how many items match
 * @param from the first shown, 1-based (0 when none)
 * @param to the last shown
 * @param previous the previous page's link, or null on the first
 * @param next the next page's link, or null on the last
 */
public record Pager(
    long total, long from, long to, @Nullable String previous, @Nullable String next) {
  /** Page numbers start at 1; a larger number than this is taken as this. */
  static final int MAX_PAGE = 100_000;

  /**
   * @param filters the list's link with its filters, without the page number
   */
  static Pager of(Page<?> page, int pageNo, java.util.function.Supplier<Href> filters) {
    long from = page.items().isEmpty() ? 0 : page.offset() + 1L;
    long to = page.offset() + (long) page.items().size();
    String prev = pageNo > 1 ? filters.get().with("page", pageNo - 1).toString() : null;
    String next =
        (long) pageNo * page.limit() < page.total() && pageNo < MAX_PAGE
            ? filters.get().with("page", pageNo + 1).toString()
            : null;
    return new Pager(page.total(), from, to, prev, next);
  }

  /** The page number asked for: 1 if absent or not a number. */
  static int pageNo(@Nullable String p) {
    try {
      return p == null ? 1 : Math.max(1, Math.min(MAX_PAGE, Integer.parseInt(p.trim())));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
