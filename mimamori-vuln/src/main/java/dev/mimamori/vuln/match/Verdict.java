package dev.mimamori.vuln.match;

import dev.mimamori.vuln.advisory.Source;
import java.util.List;

/** What one source's record says about one installed version, with its range and notes. */
public record Verdict(
    Source source, String id, boolean affected, String range, List<String> notes) {
  public Verdict {
    notes = List.copyOf(notes);
  }
}
