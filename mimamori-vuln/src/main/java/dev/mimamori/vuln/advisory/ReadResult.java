package dev.mimamori.vuln.advisory;

import java.util.List;

/** The records read and the ones refused, each with its reason. */
public record ReadResult(List<Advisory> advisories, List<RecordError> errors) {
  public ReadResult {
    advisories = List.copyOf(advisories);
    errors = List.copyOf(errors);
  }
}
