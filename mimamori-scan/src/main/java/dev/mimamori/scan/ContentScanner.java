package dev.mimamori.scan;

import java.io.IOException;
import java.util.List;

/**
 * Looks at one file and says what it found. Implementations are thread-safe: one instance scans
 * many files at once. They never execute what they scan, and their cost is linear in the file.
 */
public interface ContentScanner extends AutoCloseable {
  /** {@code yara} or {@code mimamori}: the {@link Finding#engine()} of this scanner's findings. */
  String engine();

  /** The findings for one file, empty when clean. */
  List<Finding> scan(ScanInput input) throws IOException;

  @Override
  default void close() {}
}
