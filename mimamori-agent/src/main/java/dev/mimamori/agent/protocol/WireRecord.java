package dev.mimamori.agent.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One line an agent read, as it is buffered and sent.
 *
 * @param seq the agent's sequence number: every record gets the next one, never reused
 * @param path the file on the agent's host
 * @param format the log format to parse it with
 * @param fileKey the file's identity (device and inode) when it was read
 * @param offset the line's byte offset in that file
 * @param next the offset just past the line's newline
 * @param line the line's 1-based number
 * @param text the line (cut at {@link Protocol#MAX_TEXT_BYTES})
 * @param truncated whether it was cut
 * @param generation the file's generation at this path: it goes up whenever reading starts over
 *     (rotation, copytruncate, a reused inode), so positions of an older file never hide lines of a
 *     newer one
 */
public record WireRecord(
    long seq,
    String path,
    String format,
    @Nullable String fileKey,
    long offset,
    long next,
    long line,
    String text,
    boolean truncated,
    long generation) {
  public WireRecord {
    java.util.Objects.requireNonNull(path, "path");
    java.util.Objects.requireNonNull(format, "format");
    java.util.Objects.requireNonNull(text, "text");
  }

  /** The stream a record belongs to: one file (its path, identity and generation). */
  public String stream() {
    return path + "\u0000" + (fileKey == null ? "" : fileKey) + "\u0000" + generation;
  }
}
