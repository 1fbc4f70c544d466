package dev.mimamori.sensors.source;

import java.util.Objects;

/**
 * One line as read, before parsing.
 *
 * @param path the file it came from
 * @param offset byte offset of its first byte
 * @param nextOffset byte offset just past its newline: where reading resumes
 * @param lineNumber 1-based
 * @param text the line, decoded as UTF-8 with invalid bytes replaced, without its line ending
 * @param truncated whether the line was longer than the reader keeps
 */
public record RawLine(
    String path, long offset, long nextOffset, long lineNumber, String text, boolean truncated) {
  public RawLine {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }
}
