package dev.mimamori.sensors.parse;

import java.util.Objects;

/**
 * Where a raw line came from: the parser copies this into the event.
 *
 * @param tenant the customer
 * @param asset the shop
 * @param logFilePath {@code log.file.path}
 * @param logOffset byte offset of the line in the file
 * @param lineNumber 1-based line number
 */
public record LineContext(
    String tenant, String asset, String logFilePath, long logOffset, long lineNumber) {
  public LineContext {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(logFilePath, "logFilePath");
  }
}
