package dev.mimamori.vuln.advisory;

import java.util.List;

/**
 * The records of every source about one flaw (or flaws fixed together), linked by their aliases.
 * Each record keeps its own ranges: where sources disagree, the finding shows it.
 */
public record AdvisoryGroup(List<String> ids, List<Advisory> records) {
  public AdvisoryGroup {
    ids = List.copyOf(ids);
    records = List.copyOf(records);
  }

  /** The id people look up: the JVN number for Japanese users, else the CVE, else the GHSA. */
  public String primaryId() {
    return ids.get(0);
  }
}
