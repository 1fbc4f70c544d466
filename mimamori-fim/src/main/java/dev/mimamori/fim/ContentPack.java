package dev.mimamori.fim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.compress.LZ4;

/**
 * Compressed copies of small text files (templates, scripts, PHP), so a check can say what lines a
 * change added. Appended once while a baseline is written; read by offset afterwards.
 */
public final class ContentPack implements AutoCloseable {
  /** Text files up to this size are kept; larger ones are compared by hash only. */
  public static final int MAX_KEPT = 512 * 1024;

  private final FileChannel channel;
  private long end;

  private ContentPack(FileChannel channel) throws IOException {
    this.channel = channel;
    this.end = channel.size();
  }

  public static ContentPack create(Path file) throws IOException {
    return new ContentPack(
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE));
  }

  /** Opens a pack to read and append to, creating it when absent. */
  public static ContentPack open(Path file) throws IOException {
    return new ContentPack(
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  /**
   * LZ4 (Lucene's fast mode, pure Java) rather than DEFLATE: a baseline compresses every kept text
   * file, and DEFLATE at its fastest cost more CPU than hashing them (1.4 s of 100,000 files). The
   * block format is that of {@code CompressionMode.FAST}, which {@link #read} decompresses; the
   * hash table and the output buffer are reused per thread instead of allocated per file.
   */
  private static final class Compressing {
    final LZ4.FastCompressionHashTable table = new LZ4.FastCompressionHashTable();
    byte[] out = new byte[64 * 1024];
  }

  private static final ThreadLocal<Compressing> COMPRESSING =
      ThreadLocal.withInitial(Compressing::new);

  /** Copies are gathered here and written in large pieces, not with a write(2) each. */
  private static final int PENDING = 1 << 20;

  private final byte[] pending = new byte[PENDING];
  private int pendingLength;

  /** Appends a copy and returns where it lies. Compresses on the caller's thread. */
  public long append(byte[] content) throws IOException {
    return append(content, content.length);
  }

  /** Appends a copy of {@code content[0, length)} and returns where it lies. */
  public long append(byte[] content, int length) throws IOException {
    Compressing c = COMPRESSING.get();
    int max = HEAD + length + length / 255 + 16;
    if (c.out.length < max) {
      c.out = new byte[max];
    }
    ByteArrayDataOutput out = new ByteArrayDataOutput(c.out, HEAD, c.out.length - HEAD);
    LZ4.compress(content, 0, length, out, c.table);
    int packed = out.getPosition() - HEAD;
    ByteBuffer.wrap(c.out, 0, HEAD).putInt(length).putInt(packed);
    return write(c.out, HEAD + packed);
  }

  private static final int HEAD = 8;

  private synchronized long write(byte[] record, int length) throws IOException {
    long at = end + pendingLength;
    if (pendingLength + length > pending.length) {
      flush();
    }
    if (length > pending.length) {
      writeFully(ByteBuffer.wrap(record, 0, length), end);
      end += length;
    } else {
      System.arraycopy(record, 0, pending, pendingLength, length);
      pendingLength += length;
    }
    return at;
  }

  /** Writes what is gathered; {@code end} is where the file ends on disk. */
  private synchronized void flush() throws IOException {
    if (pendingLength > 0) {
      writeFully(ByteBuffer.wrap(pending, 0, pendingLength), end);
      end += pendingLength;
      pendingLength = 0;
    }
  }

  private void writeFully(ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      pos += channel.write(b, pos);
    }
  }

  /** The copy at {@code ref}. */
  public byte[] read(long ref) throws IOException {
    flush(); // a copy appended in this run may still be gathered
    ByteBuffer head = ByteBuffer.allocate(8);
    readFully(head, ref);
    head.flip();
    int raw = head.getInt();
    int packed = head.getInt();
    if (raw < 0 || raw > MAX_KEPT || packed < 0 || packed > MAX_KEPT * 2) {
      throw new IOException("corrupt content pack at " + ref);
    }
    ByteBuffer body = ByteBuffer.allocate(packed);
    readFully(body, ref + 8);
    BytesRef out = new BytesRef();
    try {
      CompressionMode.FAST
          .newDecompressor()
          .decompress(new ByteArrayDataInput(body.array()), raw, 0, raw, out);
    } catch (IOException | RuntimeException e) {
      throw new IOException("corrupt content pack at " + ref, e);
    }
    if (out.length != raw) {
      throw new IOException("corrupt content pack at " + ref);
    }
    return java.util.Arrays.copyOfRange(out.bytes, out.offset, out.offset + out.length);
  }

  private void readFully(ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at);
      if (n < 0) {
        throw new IOException("content pack truncated at " + at);
      }
      at += n;
    }
  }

  public void force() throws IOException {
    flush();
    channel.force(true);
  }

  /** Writes what is gathered and closes; closing again does nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
