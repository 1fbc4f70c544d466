package dev.mimamori.archive;

import java.util.List;

/**
 * Matches of a search, newest first.
 *
 * @param total how many events match in all
 * @param events the first of them, up to the limit asked for
 */
public record SearchResult(long total, List<ArchivedEvent> events) {
  public SearchResult {
    events = List.copyOf(events);
  }
}
