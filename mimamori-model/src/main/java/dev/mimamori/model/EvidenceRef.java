package dev.mimamori.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Points from an alert back to the event it was made of: where the line was read ({@code
 * log.file.path}, {@code log.offset}, line number) and its (card-masked) original text.
 */
public record EvidenceRef(
    Instant timestamp, String logFilePath, long logOffset, long lineNumber, String original) {

  public EvidenceRef {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(logFilePath, "logFilePath");
    Objects.requireNonNull(original, "original");
  }

  public static EvidenceRef of(Event e) {
    return new EvidenceRef(
        e.timestamp(), e.logFilePath(), e.logOffset(), e.lineNumber(), e.original());
  }
}
