package dev.mimamori.vuln.advisory;

/** One record that could not be read: the file, the record within it (or {@code -}) and why. */
public record RecordError(String file, String record, String message) {
  @Override
  public String toString() {
    return file + ": " + record + ": " + message;
  }
}
