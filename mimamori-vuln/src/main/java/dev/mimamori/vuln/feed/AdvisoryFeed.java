package dev.mimamori.vuln.feed;

import java.util.function.Consumer;

/**
 * An online advisory source whose answers {@link dev.mimamori.vuln.advisory.AdvisoryReader} reads.
 */
public sealed interface AdvisoryFeed permits OsvFeed, NvdFeed, JvnFeed {
  /** Fetches every page; documents handed over before a failure stay valid. */
  void fetch(FeedQuery query, Consumer<FeedDocument> out) throws FeedException;
}
