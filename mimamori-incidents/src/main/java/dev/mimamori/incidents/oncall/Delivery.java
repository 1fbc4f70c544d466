package dev.mimamori.incidents.oncall;

import dev.mimamori.model.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A message to one person that the {@link FloodGuard} let through. */
public sealed interface Delivery {

  /** A stable id, the idempotency key for sending it. */
  String id();

  /** Whom to send it to. */
  String personId();

  /** One page, as the engine decided it. */
  record Single(Page page) implements Delivery {
    public Single {
      Objects.requireNonNull(page, "page");
    }

    @Override
    public String id() {
      return page.id();
    }

    @Override
    public String personId() {
      return page.personId();
    }
  }

  /**
   * Pages over the person's budget, folded into one message: "and N more incidents".
   *
   * @param personId whom to send it to
   * @param pages the folded pages, most severe first, at least two
   */
  record Summary(String personId, List<Page> pages) implements Delivery {
    public Summary {
      Names.id(personId, "personId");
      pages = List.copyOf(pages);
      if (pages.size() < 2) {
        throw new IllegalArgumentException("a summary folds at least two pages");
      }
      for (Page p : pages) {
        if (!p.personId().equals(personId)) {
          throw new IllegalArgumentException("page " + p.id() + " is not for " + personId);
        }
      }
    }

    /** How many pages it folds. */
    public int count() {
      return pages.size();
    }

    /** The highest severity among the folded pages. */
    public Severity severity() {
      return pages.stream().map(Page::severity).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** The incidents, each once, in the pages' order. */
    public List<String> incidentIds() {
      return pages.stream().map(Page::incidentId).distinct().toList();
    }

    /** {@code personId/summary/<hash of the folded page ids>}: the same fold has the same id. */
    @Override
    public String id() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        pages.stream()
            .map(Page::id)
            .sorted()
            .forEach(i -> sha.update((i + "\n").getBytes(StandardCharsets.UTF_8)));
        return personId + "/summary/" + HexFormat.of().formatHex(sha.digest(), 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }
}
