package dev.mimamori.vuln.feed;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.ReadResult;
import dev.mimamori.vuln.advisory.RecordError;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a feed and reads its answers as files are read: a bad record is an error of its own, and a
 * feed that fails part-way keeps what it fetched before.
 */
public final class FeedImporter {
  private final AdvisoryReader reader;

  public FeedImporter(AdvisoryReader reader) {
    this.reader = reader;
  }

  public FeedOutcome run(FeedName name, AdvisoryFeed feed, FeedQuery query) {
    List<FeedDocument> documents = new ArrayList<>();
    String failure = null;
    try {
      feed.fetch(query, documents::add);
    } catch (FeedException e) {
      failure = e.getMessage();
    }
    List<Advisory> advisories = new ArrayList<>();
    List<RecordError> errors = new ArrayList<>();
    for (FeedDocument d : documents) {
      ReadResult r = reader.read(d.fileName(), d.label(), d.content());
      advisories.addAll(r.advisories());
      errors.addAll(r.errors());
    }
    return new FeedOutcome(name, new ReadResult(advisories, errors), documents.size(), failure);
  }
}
