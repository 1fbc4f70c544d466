package dev.mimamori.fim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

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
   * file, and DEFLATE at its fastest cost more CPU than hashing them (1.4 s of 100,000 files).
   */
  private static final ThreadLocal<Compressor> COMPRESSORS =
      ThreadLocal.withInitial(CompressionMode.FAST::newCompressor);

  /** Appends a copy and returns where it lies. Compresses on the caller's thread. */
  public long append(byte[] content) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput(content.length / 2 + 64);
    COMPRESSORS
        .get()
        .compress(new ByteBuffersDataInput(java.util.List.of(ByteBuffer.wrap(content))), out);
    byte[] packed = out.toArrayCopy();
    ByteBuffer head = ByteBuffer.allocate(8).putInt(content.length).putInt(packed.length).flip();
    synchronized (this) {
      long at = end;
      long pos = at;
      while (head.hasRemaining()) {
        pos += channel.write(head, pos);
      }
      ByteBuffer body = ByteBuffer.wrap(packed);
      while (body.hasRemaining()) {
        pos += channel.write(body, pos);
      }
      end = pos;
      return at;
    }
  }

  /** The copy at {@code ref}. */
  public byte[] read(long ref) throws IOException {
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
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
