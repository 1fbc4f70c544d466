package dev.mimamori.scan;

import dev.mimamori.model.Severity;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What scanning one path gave: a regular file that was read (size, SHA-256, findings), or a path
 * that was skipped and why. Never thrown: problems are reports too.
 *
 * @param path the path as reached from the root given (the root as typed, then the relative name)
 * @param name the path relative to its root, with '/' separators (the root's own name for a file
 *     given directly)
 * @param skipped why the path was not read, or null when it was
 * @param size bytes (0 when skipped)
 * @param sha256 the content's SHA-256 in lower-case hex, or null when skipped
 * @param findings what the content scanners found, in scanner order
 * @param notes what went wrong short of skipping (a scanner that failed on this file, an odd name),
 *     or the details of a skip
 */
public record ScanReport(
    String path,
    String name,
    @Nullable Skip skipped,
    long size,
    @Nullable String sha256,
    List<Finding> findings,
    List<String> notes) {

  /** Why a path was not read. */
  public enum Skip {
    /** Permission denied. */
    UNREADABLE,
    /** Gone (or replaced) between listing and reading. */
    VANISHED,
    /** A FIFO, socket or device: reading could block forever or never end. */
    SPECIAL_FILE,
    /** A symbolic link that leads back to itself or to a directory above it. */
    SYMLINK_LOOP,
    /** A symbolic link out of the scanned tree (never followed). */
    SYMLINK_OUTSIDE,
    /** A symbolic link to nothing. */
    SYMLINK_DANGLING,
    /** Anything else the file system said. */
    ERROR
  }

  public ScanReport {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  static ScanReport scanned(
      String path,
      String name,
      long size,
      String sha256,
      List<Finding> findings,
      List<String> notes) {
    return new ScanReport(path, name, null, size, sha256, findings, notes);
  }

  static ScanReport skipped(String path, String name, Skip why, String detail) {
    return new ScanReport(path, name, why, 0, null, List.of(), List.of(detail));
  }

  /** The most severe finding's severity, or null when nothing was found. */
  public @Nullable Severity severity() {
    Severity max = null;
    for (Finding f : findings) {
      max = max == null ? f.severity() : max.max(f.severity());
    }
    return max;
  }

  public boolean hasFindings() {
    return !findings.isEmpty();
  }
}
