package dev.mimamori.vuln.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Bounded reads of files that an attacker may have written: no links, no unbounded sizes. */
final class BoundedFiles {
  static final int MAX_MANIFEST_BYTES = 16 << 20;

  private BoundedFiles() {}

  static Optional<String> read(Path f, int max) throws IOException {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (Files.size(f) > max) {
      throw new IOException("larger than " + max + " bytes, not read");
    }
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new String(in.readNBytes(max), StandardCharsets.UTF_8));
    }
  }

  /** The first {@code max} bytes, for headers. */
  static String head(Path f, int max) throws IOException {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      // A FIFO or device named *.php would block the scan forever.
      throw new IOException(f + ": not a regular file");
    }
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      return new String(in.readNBytes(max), StandardCharsets.UTF_8);
    }
  }
}
