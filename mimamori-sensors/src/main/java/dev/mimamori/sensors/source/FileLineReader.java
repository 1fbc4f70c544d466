package dev.mimamori.sensors.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Reads a log file from a byte offset to its end, line by line, with the offset of every line, so
 * that a reader can resume exactly where it stopped. Lines longer than {@code maxLineBytes} are cut
 * (the rest of the line is skipped, not lost silently: the line is marked truncated). A last line
 * without a newline is only returned when {@code includePartialLast} is set, since a writer may
 * still be writing it.
 */
public final class FileLineReader {
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  private final Path path;
  private final int maxLineBytes;

  public FileLineReader(Path path, int maxLineBytes) {
    if (maxLineBytes < 16) {
      throw new IllegalArgumentException("maxLineBytes must be at least 16");
    }
    this.path = path;
    this.maxLineBytes = maxLineBytes;
  }

  public FileLineReader(Path path) {
    this(path, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Reads from {@code offset} (where line {@code nextLineNumber} starts) and hands each complete
   * line to the sink.
   *
   * @return the offset and line number to resume from
   */
  public Position read(long offset, long nextLineNumber, boolean includePartialLast, LineSink sink)
      throws IOException, InterruptedException {
    if (isGzip(path)) {
      try (InputStream in =
          new GZIPInputStream(Files.newInputStream(path, StandardOpenOption.READ), 1 << 16)) {
        // Offsets count uncompressed bytes: skip to where the last read stopped.
        in.skipNBytes(offset);
        ReadableByteChannel ch = Channels.newChannel(in);
        return readLines(ch, offset, nextLineNumber, includePartialLast, sink);
      } catch (java.io.EOFException e) {
        // The compressed file holds less than the saved offset: it was replaced; read it anew.
        try (InputStream in =
            new GZIPInputStream(Files.newInputStream(path, StandardOpenOption.READ), 1 << 16)) {
          return readLines(Channels.newChannel(in), 0, 1, includePartialLast, sink);
        }
      }
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset > size) {
        // The file was truncated or replaced (rotation): start over from its beginning.
        offset = 0;
        nextLineNumber = 1;
      }
      ch.position(offset);
      return readLines(ch, offset, nextLineNumber, includePartialLast, sink);
    }
  }

  /**
   * The file's identity (device and inode on Unix), which survives a rename: how rotation by
   * renaming is told apart from a file that merely grew. Null when the file is missing or the file
   * system has no such key.
   */
  public static @org.jspecify.annotations.Nullable String fileKey(Path path) {
    try {
      Object key =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      return key == null ? null : key.toString();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The file beside {@code path}, named after it, that is the file with identity {@code key}: where
   * a log rotated by rename went ({@code access.log.1}), so the rest of it is read first.
   */
  public static @org.jspecify.annotations.Nullable Path renamedTo(Path path, String key)
      throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (dir == null || path.getFileName() == null) {
      return null;
    }
    String name = path.getFileName().toString();
    try (var siblings = java.nio.file.Files.list(dir)) {
      return siblings
          .filter(s -> s.getFileName().toString().startsWith(name))
          .filter(s -> !s.getFileName().toString().equals(name))
          .filter(s -> key.equals(fileKey(s)))
          .findFirst()
          .orElse(null);
    }
  }

  /** Whether the file is gzip-compressed (by name; rotated logs are named {@code *.gz}). */
  static boolean isGzip(Path path) {
    return path.getFileName() != null && path.getFileName().toString().endsWith(".gz");
  }

  private Position readLines(
      ReadableByteChannel ch,
      long offset,
      long nextLineNumber,
      boolean includePartialLast,
      LineSink sink)
      throws IOException, InterruptedException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    byte[] a = chunk.array();
    byte[] buf = new byte[Math.min(maxLineBytes, 8192)];
    int len = 0;
    boolean truncated = false;
    long lineStart = offset;
    long pos = offset;
    long lineNo = nextLineNumber;
    String file = path.toString();
    while (ch.read(chunk) > 0) {
      int limit = chunk.position();
      int from = 0;
      while (from < limit) {
        int nl = indexOfNewline(a, from, limit);
        if (nl < limit && len == 0 && !truncated && nl - from <= maxLineBytes) {
          // The whole line lies in this chunk: decoded straight from it, no copy.
          pos += nl - from + 1;
          int end = nl > from && a[nl - 1] == '\r' ? nl - 1 : nl;
          sink.accept(
              new RawLine(file, lineStart, pos, lineNo, decode(a, from, end - from), false));
          lineNo++;
          lineStart = pos;
          from = nl + 1;
          continue;
        }
        // Append a[from, nl) to the line, up to maxLineBytes.
        int take = Math.min(nl - from, maxLineBytes - len);
        if (take > 0) {
          if (len + take > buf.length) {
            buf =
                java.util.Arrays.copyOf(
                    buf, Math.min(maxLineBytes, Math.max(buf.length * 2, len + take)));
          }
          System.arraycopy(a, from, buf, len, take);
          len += take;
        }
        if (nl - from > take) {
          truncated = true;
        }
        pos += nl - from;
        if (nl == limit) {
          break;
        }
        pos++; // the newline
        int end = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
        sink.accept(new RawLine(file, lineStart, pos, lineNo, decode(buf, 0, end), truncated));
        lineNo++;
        lineStart = pos;
        len = 0;
        truncated = false;
        from = nl + 1;
      }
      chunk.clear();
    }
    if (pos > lineStart && includePartialLast) {
      sink.accept(new RawLine(file, lineStart, pos, lineNo, decode(buf, 0, len), truncated));
      return new Position(pos, lineNo + 1);
    }
    return new Position(lineStart, lineNo);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The first {@code '\n'} in {@code a[from, limit)}, or {@code limit}: eight bytes at a time (a
   * zero-byte test on the word XOR newlines; its lowest set bit is the first newline), which took
   * the reading thread's line splitting from a quarter of its time to a few per cent.
   */
  static int indexOfNewline(byte[] a, int from, int limit) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long w = (long) LONGS.get(a, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < limit; i++) {
      if (a[i] == '\n') {
        return i;
      }
    }
    return limit;
  }

  /**
   * UTF-8 with each malformed sequence replaced by U+FFFD, as the charset's decoder with {@code
   * REPLACE} does; the String constructor takes an all-ASCII line in one check and one copy.
   */
  static String decode(byte[] bytes, int from, int length) {
    return new String(bytes, from, length, StandardCharsets.UTF_8);
  }

  /** Where to resume: a byte offset and the number of the line that starts there. */
  public record Position(long offset, long lineNumber) {}
}
