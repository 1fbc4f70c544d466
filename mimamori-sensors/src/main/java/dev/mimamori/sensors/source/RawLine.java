package dev.mimamori.sensors.source;

import java.util.Objects;

/**
 * One line as read, before parsing, or one record of several lines joined by {@link RecordJoiner}.
 *
 * @param path the file it came from
 * @param offset byte offset of its first byte
 * @param nextOffset byte offset just past its (last) newline: where reading resumes
 * @param lineNumber 1-based number of its (first) line
 * @param text the line, decoded as UTF-8 with invalid bytes replaced, without its line ending; the
 *     lines of a joined record separated by {@code \n}
 * @param truncated whether a line was longer than the reader keeps
 * @param lines how many lines it holds: 1, or more for a joined record
 */
public record RawLine(
    String path,
    long offset,
    long nextOffset,
    long lineNumber,
    String text,
    boolean truncated,
    int lines) {
  public RawLine {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    if (lines < 1) {
      throw new IllegalArgumentException("a record holds at least one line");
    }
  }

  /** A single line. */
  public RawLine(
      String path, long offset, long nextOffset, long lineNumber, String text, boolean truncated) {
    this(path, offset, nextOffset, lineNumber, text, truncated, 1);
  }

  /** The number of the line after it: where reading resumes. */
  public long nextLineNumber() {
    return lineNumber + lines;
  }
}
