package dev.mimamori.fim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of a file, read once through a per-thread buffer. SHA-256 rather than BLAKE3: the JDK's
 * implementation is an intrinsic that uses the CPU's SHA extensions (SHA-NI) where present, it is
 * what AIDE, package managers and threat-intelligence feeds use, and it needs no native library.
 */
final class Hashing {
  private static final int BUFFER = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));

  /** A file's hash and, when asked for and small enough, its bytes. */
  record Result(byte[] sha256, long bytes, byte @Nullable [] content, boolean phpTag) {
    Result(byte[] sha256, long bytes, byte @Nullable [] content) {
      this(sha256, bytes, content, false);
    }
  }

  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Hashes a regular file without following a link and keeps up to {@code keep} bytes of it. When
   * the file is expected to be {@code expectedSize} bytes and that is within {@code keep}, it is
   * read straight into one array of that size (no growing buffers to copy and collect). With {@code
   * findPhpTag}, the whole file (not only what is kept) is also searched for a PHP open tag as it
   * streams past, so padding a polyglot past the kept size hides nothing.
   */
  static Result hash(Path file, int keep, long expectedSize, boolean findPhpTag)
      throws IOException {
    MessageDigest md = sha256();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (expectedSize >= 0 && expectedSize <= keep) {
        byte[] whole = new byte[(int) expectedSize];
        ByteBuffer b = ByteBuffer.wrap(whole);
        while (b.hasRemaining() && ch.read(b) >= 0) {
          // fill
        }
        if (!b.hasRemaining() && ch.read(ByteBuffer.allocate(1)) < 0) {
          md.update(whole);
          return new Result(
              md.digest(), whole.length, whole, findPhpTag && ChangeClassifier.hasPhpTag(whole));
        }
        // The file changed size since it was listed: read it again the general way.
        ch.position(0);
        md.reset();
      }
      ByteBuffer buf = BUFFERS.get();
      ByteArrayOutputStream kept = keep > 0 ? new ByteArrayOutputStream() : null;
      long total = 0;
      PhpTagFinder tags = findPhpTag ? new PhpTagFinder() : null;
      while (true) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        md.update(buf.array(), 0, n);
        if (tags != null) {
          tags.feed(buf.array(), n);
        }
        if (kept != null) {
          if (total + n <= keep) {
            kept.write(buf.array(), 0, n);
          } else {
            kept = null;
          }
        }
        total += n;
      }
      return new Result(
          md.digest(), total, kept == null ? null : kept.toByteArray(), tags != null && tags.found);
    }
  }

  /**
   * Finds {@code <?php}, {@code <?=} or {@code <?} plus white space across buffer boundaries, one
   * byte at a time (a small state machine: linear, no look-back).
   */
  static final class PhpTagFinder {
    private int state;
    boolean found;

    void feed(byte[] b, int n) {
      for (int i = 0; i < n && !found; i++) {
        int c = b[i];
        int lower = c | 0x20;
        switch (state) {
          case 1 -> state = c == '?' ? 2 : c == '<' ? 1 : 0;
          case 2 -> {
            if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
              found = true;
            } else {
              state = lower == 'p' ? 3 : c == '<' ? 1 : 0;
            }
          }
          case 3 -> state = lower == 'h' ? 4 : c == '<' ? 1 : 0;
          case 4 -> {
            if (lower == 'p') {
              found = true;
            } else {
              state = c == '<' ? 1 : 0;
            }
          }
          default -> state = c == '<' ? 1 : 0;
        }
      }
    }
  }
}
