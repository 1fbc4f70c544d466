package dev.mimamori.fim;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Reads a baseline record by record: memory stays flat whatever the number of files. */
public final class BaselineReader implements AutoCloseable {
  private final DataInputStream in;
  private final BaselineHeader header;
  private final Path file;
  private long read;
  private boolean ended;

  public BaselineReader(Path file) throws IOException {
    this.file = file;
    this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    try {
      this.header = BaselineFormat.readHeader(in);
    } catch (IOException e) {
      in.close();
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public BaselineHeader header() {
    return header;
  }

  /** The next record in {@link PathOrder}, or null after the last. */
  public @Nullable FileRecord next() throws IOException {
    if (ended) {
      return null;
    }
    try {
      FileRecord r = BaselineFormat.readRecord(in, read);
      if (r == null) {
        ended = true;
        return null;
      }
      read++;
      return r;
    } catch (EOFException e) {
      throw new IOException(file + ": the baseline is truncated after " + read + " records", e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
