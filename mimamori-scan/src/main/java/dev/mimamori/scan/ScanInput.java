package dev.mimamori.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A regular file to scan: its path, the name to report, and its first {@link #maxBytes} bytes, read
 * once on first use and shared by every scanner that needs them (YARA reads the file itself).
 */
public final class ScanInput {
  /** Content beyond this is not read into the heap: PHP and script malware is far smaller. */
  public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

  private final Path path;
  private final String name;
  private final long size;
  private final int maxBytes;
  private byte @Nullable [] content;

  public ScanInput(Path path, String name, long size, int maxBytes) {
    this.path = path;
    this.name = name;
    this.size = size;
    this.maxBytes = maxBytes;
  }

  /** A file read from disk, reported under {@code name}. */
  public static ScanInput of(Path path, String name) throws IOException {
    return new ScanInput(path, name, Files.size(path), DEFAULT_MAX_BYTES);
  }

  /**
   * A file whose whole content the caller already read (for its hash): scanners see these very
   * bytes, not a second read that could differ.
   */
  public static ScanInput read(Path path, String name, byte[] whole) {
    ScanInput input = new ScanInput(path, name, whole.length, Math.max(whole.length, 1));
    input.content = whole;
    return input;
  }

  /** In-memory content, for tests and for content that never touched the disk. */
  public static ScanInput ofBytes(String name, byte[] bytes) {
    ScanInput input = new ScanInput(Path.of(name), name, bytes.length, Integer.MAX_VALUE);
    input.content = bytes;
    return input;
  }

  public Path path() {
    return path;
  }

  /** The name to report: a path relative to the scanned root, with '/' separators. */
  public String name() {
    return name;
  }

  public long size() {
    return size;
  }

  /** The name's extension in lower case without the dot, or "" (e.g. {@code php}). */
  public String extension() {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash && dot < name.length() - 1
        ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT)
        : "";
  }

  /** True when the file is larger than what {@link #content()} returns. */
  public boolean truncated() {
    return size > maxBytes;
  }

  /** The file's first {@code maxBytes} bytes, read once (never following a symbolic link). */
  public byte[] content() throws IOException {
    byte[] c = content;
    if (c == null) {
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        c = in.readNBytes(maxBytes);
      }
      content = c;
    }
    return c;
  }

  @Override
  public String toString() {
    return "ScanInput[" + name + ", " + size + " bytes" + (content == null ? "" : ", read") + "]";
  }
}
