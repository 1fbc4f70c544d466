package dev.mimamori.fim;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a baseline record by record to a temporary file and moves it into place only when it is
 * complete, so a crash mid-way leaves the previous baseline intact.
 */
public final class BaselineWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final DataOutputStream out;
  private long count;
  private String lastPath = "";
  private boolean committed;

  public BaselineWriter(Path target, BaselineHeader header) throws IOException {
    this.target = target;
    this.temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.createDirectories(target.toAbsolutePath().getParent());
    OutputStream file = Files.newOutputStream(temp);
    this.out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16));
    BaselineFormat.writeHeader(out, header);
  }

  public void write(FileRecord record) throws IOException {
    if (count > 0 && PathOrder.INSTANCE.compare(lastPath, record.path()) >= 0) {
      throw new IllegalStateException(
          "baseline records out of order: " + record.path() + " after " + lastPath);
    }
    BaselineFormat.writeRecord(out, record);
    lastPath = record.path();
    count++;
  }

  public long count() {
    return count;
  }

  /** Finishes the file, forces it to disk and moves it over the previous baseline. */
  public void commit() throws IOException {
    out.writeByte(BaselineFormat.END);
    out.writeLong(count);
    out.flush();
    out.close();
    try (var channel =
        java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      out.close();
      Files.deleteIfExists(temp);
    }
  }
}
