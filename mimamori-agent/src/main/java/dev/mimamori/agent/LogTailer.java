package dev.mimamori.agent;

import dev.mimamori.sensors.source.FileLineReader;
import dev.mimamori.sensors.source.RawLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log file into the buffer: from where the buffer says the file was left, through
 * growth, rotation by rename (the rest of the old file first, then the new one from its start) and
 * copytruncate (a file that shrank is read again from its start). Lines go into the buffer in
 * chunks, each forced to disk before the next read.
 */
final class LogTailer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
  private static final int CHUNK = 1_000;
  static final long POLL_MILLIS = 250;

  private final Path path;
  private final String format;
  private final DiskBuffer buffer;
  private final Problems problems;
  private volatile boolean stopped;
  private volatile long lagBytes;
  private @Nullable String key;
  private long offset;
  private long line = 1;
  private long generation;
  private final List<DiskBuffer.Pending> pending = new ArrayList<>(CHUNK);

  LogTailer(Path path, String format, DiskBuffer buffer, Problems problems) {
    this.path = path;
    this.format = format;
    this.buffer = buffer;
    this.problems = problems;
    buffer
        .position(path.toString())
        .ifPresent(
            p -> {
              key = p.fileKey();
              offset = p.offset();
              line = p.line();
              generation = p.generation();
            });
  }

  Path path() {
    return path;
  }

  String format() {
    return format;
  }

  long lagBytes() {
    return lagBytes;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    boolean failing = false;
    while (!stopped) {
      try {
        followRotation();
        if (offset > 0 && sizeOf(path) < offset && java.nio.file.Files.exists(path)) {
          // Truncated in place (copytruncate): the same file, read again from its start, as a
          // new generation, so the server does not take its lines for ones it has.
          offset = 0;
          line = 1;
          generation++;
        }
        FileLineReader.Position pos =
            new FileLineReader(path).read(offset, line, false, this::accept);
        flush();
        offset = pos.offset();
        line = pos.lineNumber();
        lagBytes = Math.max(0, sizeOf(path) - offset);
        failing = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        if (!failing) {
          problems.report(path + ": " + e.getMessage());
          LOG.warn("{} unreadable, retrying: {}", path, e.toString());
        }
        failing = true;
      }
      try {
        Thread.sleep(failing ? 2_000 : POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void accept(RawLine raw) throws InterruptedException {
    pending.add(
        new DiskBuffer.Pending(
            path.toString(),
            format,
            key,
            raw.offset(),
            raw.nextOffset(),
            raw.lineNumber(),
            raw.text(),
            raw.truncated(),
            generation));
    if (pending.size() >= CHUNK) {
      try {
        flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private void flush() throws IOException, InterruptedException {
    if (!pending.isEmpty()) {
      buffer.append(pending);
      DiskBuffer.Pending last = pending.get(pending.size() - 1);
      offset = last.next();
      line = last.line() + 1;
      pending.clear();
    }
  }

  /**
   * When the path names another file than before, the old one (renamed beside it) is read to its
   * end first; then the new one from its start.
   */
  private void followRotation() throws IOException, InterruptedException {
    String current = FileLineReader.fileKey(path);
    if (current == null) {
      return;
    }
    if (key == null) {
      key = current;
      return;
    }
    if (current.equals(key)) {
      return;
    }
    Path old = FileLineReader.renamedTo(path, key);
    if (old != null) {
      LOG.info("{} was rotated to {}; reading the rest of it first", path, old);
      new FileLineReader(old).read(offset, line, true, this::accept);
      flush();
    } else {
      LOG.warn("{} was replaced and its old file is gone; reading the new one", path);
    }
    key = current;
    offset = 0;
    line = 1;
    generation++; // another file at this path, even if it reuses an old inode
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
