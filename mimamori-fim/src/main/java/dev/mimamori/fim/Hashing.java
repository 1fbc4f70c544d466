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
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of a file, read once through a per-thread buffer: by libcrypto ({@link NativeSha256})
 * where installed, else by the JDK. SHA-256 rather than BLAKE3: both use the CPU's SHA extensions
 * (SHA-NI) where present, and it is what AIDE, package managers and threat-intelligence feeds use
 * (docs/FILES.md).
 */
final class Hashing {
  /** What a large file is streamed through. */
  private static final int CHUNK = 256 * 1024;

  /**
   * One thread's digest and read buffer, reused for every file: a baseline hashes 100,000 files,
   * and a digest looked up and a buffer allocated (and zeroed) per file cost more than the reads.
   */
  private static final class Tools {
    final MessageDigest md = sha256();
    byte[] buffer = new byte[CHUNK];

    NativeSha256.@Nullable State sha;

    NativeSha256.State nativeState() {
      if (sha == null) {
        sha = new NativeSha256.State(Math.max(CHUNK, ContentPack.MAX_KEPT) + 1);
      }
      return sha;
    }

    byte[] buffer(int atLeast) {
      if (buffer.length < atLeast) {
        buffer = new byte[atLeast];
      }
      return buffer;
    }
  }

  private static final ThreadLocal<Tools> TOOLS = ThreadLocal.withInitial(Tools::new);

  /**
   * A file's hash and, when asked for and small enough, its bytes: {@code content[0,
   * contentLength)}. A lent content is the thread's buffer, valid until the thread's next hash; a
   * lent content that is not text is not copied at all (a baseline keeps only text).
   *
   * @param text the content was kept and looks like text ({@link DiffSummary#isText})
   */
  record Result(
      byte[] sha256,
      long bytes,
      byte @Nullable [] content,
      int contentLength,
      boolean phpTag,
      boolean text) {
    static Result of(
        byte[] sha256, long bytes, byte @Nullable [] content, int length, boolean phpTag) {
      return new Result(
          sha256,
          bytes,
          content,
          length,
          phpTag,
          content != null && DiffSummary.isText(content, length));
    }

    /** The whole file was read and kept. */
    boolean whole() {
      return content != null && contentLength == bytes;
    }

    /** The kept bytes in an array of their own. */
    byte @Nullable [] contentCopy() {
      if (content == null) {
        return null;
      }
      return content.length == contentLength ? content : Arrays.copyOf(content, contentLength);
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

  /** As {@link #hash(Path, int, long, boolean, boolean)}, the content in an array of its own. */
  static Result hash(Path file, int keep, long expectedSize, boolean findPhpTag)
      throws IOException {
    return hash(file, keep, expectedSize, findPhpTag, false);
  }

  /**
   * Hashes a regular file without following a link and keeps up to {@code keep} bytes of it. A file
   * of the size it was listed with that fits the buffer is read with one read(2): a read that stops
   * short at exactly that size is its end (a regular file's read is short only at its end), so no
   * second read is spent to see end-of-file. A file that changed size since it was listed is read
   * again the general way. With {@code findPhpTag}, the whole file (not only what is kept) is also
   * searched for a PHP open tag as it streams past, so padding a polyglot past the kept size hides
   * nothing. With {@code lend} (and no tag search), a kept content is this thread's buffer, not a
   * copy.
   */
  static Result hash(Path file, int keep, long expectedSize, boolean findPhpTag, boolean lend)
      throws IOException {
    return hash(file, keep, expectedSize, findPhpTag, lend, NativeSha256.AVAILABLE);
  }

  /** As above, with libcrypto or the JDK (tests compare the two). */
  static Result hash(
      Path file, int keep, long expectedSize, boolean findPhpTag, boolean lend, boolean libcrypto)
      throws IOException {
    Tools tools = TOOLS.get();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return libcrypto
          ? viaLibcrypto(ch, tools, keep, expectedSize, findPhpTag, lend)
          : viaJdk(ch, tools, keep, expectedSize, findPhpTag, lend);
    }
  }

  /** The chunk a large file is streamed in, for tests at its edges. */
  static int chunk() {
    return CHUNK;
  }

  /**
   * Reads into native memory and hashes it there: no copy to the heap unless the bytes are kept.
   */
  private static Result viaLibcrypto(
      FileChannel ch, Tools tools, int keep, long expectedSize, boolean findPhpTag, boolean lend)
      throws IOException {
    NativeSha256.State sha = tools.nativeState();
    ByteBuffer bb = sha.buffer;
    sha.begin();
    if (expectedSize >= 0 && expectedSize < bb.capacity()) {
      int n = (int) expectedSize;
      bb.clear().limit(n + 1);
      int got = ch.read(bb);
      if (got == n || n == 0 && got < 0) {
        sha.update(0, n);
        byte[] digest = sha.digest();
        if (n > keep) {
          return new Result(digest, n, null, 0, false, false);
        }
        boolean text = !sha.hasNul(0, Math.min(n, DiffSummary.TEXT_PROBE));
        boolean lent = lend && !findPhpTag;
        if (lent && !text) {
          return new Result(digest, n, null, 0, false, false);
        }
        byte[] content = lent ? tools.buffer(n) : new byte[n];
        bb.get(0, content, 0, n);
        return new Result(
            digest,
            n,
            content,
            n,
            !lent && findPhpTag && ChangeClassifier.hasPhpTag(content),
            text);
      }
      ch.position(0);
      sha.begin();
    }
    ByteArrayOutputStream kept = keep > 0 ? new ByteArrayOutputStream() : null;
    long total = 0;
    PhpTagFinder tags = findPhpTag ? new PhpTagFinder() : null;
    while (true) {
      bb.clear();
      int n = ch.read(bb);
      if (n < 0) {
        break;
      }
      sha.update(0, n);
      if (kept != null && total + n > keep) {
        kept = null;
      }
      if (tags != null || kept != null) {
        byte[] chunk = tools.buffer(n);
        bb.get(0, chunk, 0, n);
        if (tags != null) {
          tags.feed(chunk, n);
        }
        if (kept != null) {
          kept.write(chunk, 0, n);
        }
      }
      total += n;
    }
    byte[] content = kept == null ? null : kept.toByteArray();
    return Result.of(
        sha.digest(),
        total,
        content,
        content == null ? 0 : content.length,
        tags != null && tags.found);
  }

  private static Result viaJdk(
      FileChannel ch, Tools tools, int keep, long expectedSize, boolean findPhpTag, boolean lend)
      throws IOException {
    MessageDigest md = tools.md;
    md.reset();
    if (expectedSize >= 0 && expectedSize <= Math.max(keep, CHUNK)) {
      int n = (int) expectedSize;
      byte[] buf = tools.buffer(n + 1);
      int got = ch.read(ByteBuffer.wrap(buf, 0, n + 1));
      if (got == n || n == 0 && got < 0) {
        md.update(buf, 0, n);
        byte[] digest = md.digest();
        if (n > keep) {
          return new Result(digest, n, null, 0, false, false);
        }
        if (lend && !findPhpTag) {
          return Result.of(digest, n, buf, n, false);
        }
        byte[] whole = Arrays.copyOf(buf, n);
        return Result.of(digest, n, whole, n, findPhpTag && ChangeClassifier.hasPhpTag(whole));
      }
      ch.position(0);
      md.reset();
    }
    byte[] buf = tools.buffer(CHUNK);
    ByteBuffer bb = ByteBuffer.wrap(buf);
    ByteArrayOutputStream kept = keep > 0 ? new ByteArrayOutputStream() : null;
    long total = 0;
    PhpTagFinder tags = findPhpTag ? new PhpTagFinder() : null;
    while (true) {
      bb.clear();
      int n = ch.read(bb);
      if (n < 0) {
        break;
      }
      md.update(buf, 0, n);
      if (tags != null) {
        tags.feed(buf, n);
      }
      if (kept != null) {
        if (total + n <= keep) {
          kept.write(buf, 0, n);
        } else {
          kept = null;
        }
      }
      total += n;
    }
    byte[] content = kept == null ? null : kept.toByteArray();
    return Result.of(
        md.digest(),
        total,
        content,
        content == null ? 0 : content.length,
        tags != null && tags.found);
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
