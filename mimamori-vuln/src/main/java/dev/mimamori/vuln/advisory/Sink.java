package dev.mimamori.vuln.advisory;

import java.util.ArrayList;
import java.util.List;

/** Collects a file's records and errors; a parser reports each record to it on its own. */
final class Sink {
  final String file;
  final List<Advisory> advisories = new ArrayList<>();
  final List<RecordError> errors = new ArrayList<>();

  Sink(String file) {
    this.file = file;
  }

  void add(Advisory a) {
    advisories.add(a);
  }

  void error(String record, String message) {
    errors.add(new RecordError(file, Text.oneLine(record, 80), Text.oneLine(message, 300)));
  }
}
