package dev.mimamori.vuln.feed;

import dev.mimamori.vuln.advisory.ReadResult;
import org.jspecify.annotations.Nullable;

/** What one feed gave: its records and refused records, and why it stopped when it failed. */
public record FeedOutcome(FeedName feed, ReadResult read, int documents, @Nullable String failure) {
  public boolean failed() {
    return failure != null;
  }
}
