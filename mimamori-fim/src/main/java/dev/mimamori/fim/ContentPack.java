package dev.mimamori.fim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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

  /** Appends a copy and returns where it lies. */
  public synchronized long append(byte[] content) throws IOException {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(content);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 3 + 64);
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      byte[] packed = out.toByteArray();
      ByteBuffer head = ByteBuffer.allocate(8).putInt(content.length).putInt(packed.length).flip();
      long at = end;
      channel.write(new ByteBuffer[] {head, ByteBuffer.wrap(packed)});
      end += 8 + packed.length;
      return at;
    } finally {
      deflater.end();
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
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(body.array());
      byte[] out = new byte[raw];
      int n = inflater.inflate(out);
      if (n != raw) {
        throw new IOException("corrupt content pack at " + ref);
      }
      return out;
    } catch (DataFormatException e) {
      throw new IOException("corrupt content pack at " + ref, e);
    } finally {
      inflater.end();
    }
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
