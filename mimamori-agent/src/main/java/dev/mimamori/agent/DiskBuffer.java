package dev.mimamori.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.agent.protocol.WireRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * What the agent read and the server has not yet stored, on disk and bounded. Records are appended
 * to segment files ({@code seg-<first seq>.buf}, each record framed with its length and CRC-32) and
 * forced to disk before they may be sent; a torn record at the end (a crash while writing) is cut
 * off when the buffer is opened, and its line is simply read again from the log. What the server
 * acknowledged is kept in {@code acked.json} with the read position of every file after its last
 * acknowledged line: the agent's checkpoints, moved only then. When the buffer is full it either
 * blocks the readers (the log file itself holds what is not yet read: nothing is lost while it is
 * not rotated away) or, only when that policy is chosen, drops its oldest segment, counting what it
 * dropped.
 */
public final class DiskBuffer implements AutoCloseable {
  /** What happens when the buffer is full. */
  public enum FullPolicy {
    /** The readers wait (the default: nothing dropped). */
    BLOCK,
    /** The oldest segment is dropped, counted and reported. */
    DROP_OLDEST;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A line read, before it has a sequence number. */
  public record Pending(
      String path,
      String format,
      @Nullable String fileKey,
      long offset,
      long next,
      long line,
      String text,
      boolean truncated,
      long generation) {}

  /**
   * Where reading a file resumes: its identity, the byte offset and the line number there, and its
   * generation at that path.
   */
  public record Position(@Nullable String fileKey, long offset, long line, long generation) {}

  private static final int FRAME_HEADER = 8;
  private static final int MAX_FRAME = Protocol.MAX_TEXT_BYTES * 8 + 4096;
  private static final String STATE = "acked.json";

  private static final class Segment {
    final Path file;
    final long firstSeq;
    long lastSeq;
    long bytes;
    int records;

    Segment(Path file, long firstSeq) {
      this.file = file;
      this.firstSeq = firstSeq;
      this.lastSeq = firstSeq - 1;
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final FullPolicy policy;
  private final ObjectMapper json = Protocol.json();
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final Map<String, Position> acknowledged = new HashMap<>();
  private final Map<String, Position> latest = new HashMap<>();
  private @Nullable FileChannel active;
  private long acked;
  private long dropped;
  private long nextSeq;
  private boolean closed;
  private String id = "";

  // Ranges of sequence numbers dropped since the start: a batch read just before its segment was
  // dropped may still reach the server, and then its records are delivered, not lost.
  private final java.util.ArrayDeque<long[]> droppedRanges = new java.util.ArrayDeque<>();

  // Where the last read stopped, so the next read continues without scanning the segment again.
  private long cursorSeq = -1;
  private long cursorSegment = -1;
  private long cursorPos;

  private DiskBuffer(Path dir, long maxBytes, FullPolicy policy) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(64 * 1024, Math.min(4L * 1024 * 1024, maxBytes / 8));
    this.policy = policy;
  }

  /**
   * Opens (or creates) the buffer in {@code dir}: reads what it holds, cuts a torn last record, and
   * forgets segments the server has stored.
   */
  public static DiskBuffer open(Path dir, long maxBytes, FullPolicy policy) throws IOException {
    if (maxBytes < 1024 * 1024) {
      throw new IllegalArgumentException("the buffer needs at least 1 MiB");
    }
    Files.createDirectories(dir);
    DiskBuffer b = new DiskBuffer(dir, maxBytes, policy);
    b.load();
    return b;
  }

  private void load() throws IOException {
    Path idFile = dir.resolve("id");
    if (Files.exists(idFile)) {
      id = Files.readString(idFile).strip();
    }
    if (!id.matches("[0-9a-f-]{36}")) {
      id = java.util.UUID.randomUUID().toString();
      Path tmp = dir.resolve("id.tmp");
      Files.writeString(tmp, id);
      Files.move(tmp, idFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    Path state = dir.resolve(STATE);
    if (Files.exists(state)) {
      ObjectNode n = (ObjectNode) json.readTree(state.toFile());
      acked = n.path("acked").asLong(0);
      dropped = n.path("dropped").asLong(0);
      n.path("positions")
          .fields()
          .forEachRemaining(
              e ->
                  acknowledged.put(
                      e.getKey(),
                      new Position(
                          e.getValue().hasNonNull("file_key")
                              ? e.getValue().get("file_key").asText()
                              : null,
                          e.getValue().path("offset").asLong(),
                          e.getValue().path("line").asLong(1),
                          e.getValue().path("generation").asLong(0))));
      latest.putAll(acknowledged);
    }
    long last = acked;
    try (var files = Files.list(dir)) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().matches("seg-\\d{20}\\.buf"))
              .sorted()
              .toList()) {
        long first = Long.parseLong(f.getFileName().toString().substring(4, 24));
        Segment s = new Segment(f, first);
        scan(s);
        if (s.records == 0 || s.lastSeq <= acked) {
          Files.deleteIfExists(f);
          continue;
        }
        segments.put(first, s);
        last = Math.max(last, s.lastSeq);
      }
    }
    nextSeq = last + 1;
  }

  /** Reads a segment's records (positions, last sequence number); cuts a torn or corrupt tail. */
  private void scan(Segment s) throws IOException {
    try (FileChannel ch =
        FileChannel.open(s.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pos = 0;
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate(FRAME_HEADER);
      while (pos + FRAME_HEADER <= size) {
        head.clear();
        ch.read(head, pos);
        head.flip();
        int len = head.getInt();
        int crc = head.getInt();
        if (len <= 0 || len > MAX_FRAME || pos + FRAME_HEADER + len > size) {
          break;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        ch.read(body, pos + FRAME_HEADER);
        if (crc(body.array()) != crc) {
          break;
        }
        WireRecord r = json.readValue(body.array(), WireRecord.class);
        s.lastSeq = r.seq();
        s.records++;
        latest.put(r.path(), new Position(r.fileKey(), r.next(), r.line() + 1, r.generation()));
        pos += FRAME_HEADER + len;
      }
      if (pos < size) {
        ch.truncate(pos);
      }
      ch.force(true);
      s.bytes = pos;
    }
  }

  private static int crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return (int) c.getValue();
  }

  /**
   * Appends lines, gives them the next sequence numbers and forces them to disk. With {@link
   * FullPolicy#BLOCK} a full buffer makes this wait until the server has taken enough.
   *
   * @return the sequence number of the last line
   * @throws InterruptedException when interrupted while waiting for room
   */
  public synchronized long append(List<Pending> lines) throws IOException, InterruptedException {
    if (lines.isEmpty()) {
      return nextSeq - 1;
    }
    List<byte[]> frames = new ArrayList<>(lines.size());
    long need = 0;
    long seq = nextSeq;
    for (Pending p : lines) {
      byte[] body =
          json.writeValueAsBytes(
              new WireRecord(
                  seq++,
                  p.path(),
                  p.format(),
                  p.fileKey(),
                  p.offset(),
                  p.next(),
                  p.line(),
                  p.text(),
                  p.truncated(),
                  p.generation()));
      frames.add(body);
      need += FRAME_HEADER + body.length;
    }
    makeRoom(need);
    FileChannel ch = activeChannel();
    ByteBuffer out = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, need));
    for (byte[] body : frames) {
      out.putInt(body.length).putInt(crc(body)).put(body);
    }
    out.flip();
    Segment s = segments.lastEntry().getValue();
    try {
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.force(false);
    } catch (IOException e) {
      // A disk that filled up mid-write: cut what was written, so the next append and every read
      // start at a whole record.
      try {
        ch.truncate(s.bytes);
      } catch (IOException again) {
        e.addSuppressed(again);
        rollActive();
      }
      throw e;
    }
    s.bytes += need;
    s.records += lines.size();
    s.lastSeq = nextSeq + lines.size() - 1;
    for (Pending p : lines) {
      latest.put(p.path(), new Position(p.fileKey(), p.next(), p.line() + 1, p.generation()));
    }
    nextSeq += lines.size();
    notifyAll();
    return nextSeq - 1;
  }

  private void makeRoom(long need) throws IOException, InterruptedException {
    while (!closed && bytes() + need > maxBytes && bytes() > 0) {
      if (policy == FullPolicy.DROP_OLDEST) {
        Segment oldest = segments.firstEntry().getValue();
        if (segments.size() == 1) {
          rollActive(); // the active segment is the only one: start a new one, drop the old
        }
        segments.remove(oldest.firstSeq);
        long from = Math.max(acked + 1, oldest.firstSeq);
        long lost = oldest.lastSeq - from + 1;
        if (lost > 0) {
          dropped += lost;
          droppedRanges.addLast(new long[] {from, oldest.lastSeq});
          while (droppedRanges.size() > 64) {
            droppedRanges.removeFirst();
          }
        }
        acked = Math.max(acked, oldest.lastSeq);
        Files.deleteIfExists(oldest.file);
        saveState();
        cursorSeq = -1;
      } else {
        wait(500);
      }
    }
    if (closed) {
      throw new InterruptedException("buffer closed");
    }
  }

  private FileChannel activeChannel() throws IOException {
    Segment last = segments.isEmpty() ? null : segments.lastEntry().getValue();
    if (active != null && last != null && last.bytes < segmentBytes) {
      return active;
    }
    rollActive();
    Path f = dir.resolve(String.format(java.util.Locale.ROOT, "seg-%020d.buf", nextSeq));
    Segment s = new Segment(f, nextSeq);
    segments.put(nextSeq, s);
    active =
        FileChannel.open(
            f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    fsyncDir();
    return active;
  }

  private void rollActive() throws IOException {
    if (active != null) {
      active.close();
      active = null;
    }
  }

  /**
   * Up to {@code maxRecords} records (and about {@code maxBytes}) after {@code afterSeq}, waiting
   * up to {@code waitMillis} for one to arrive.
   */
  public synchronized List<WireRecord> read(
      long afterSeq, int maxRecords, long maxBytes, long waitMillis)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (!closed && nextSeq - 1 <= Math.max(afterSeq, acked)) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return List.of();
      }
      wait(left);
    }
    long from = Math.max(afterSeq, acked) + 1;
    List<WireRecord> out = new ArrayList<>();
    long size = 0;
    var entry = segments.floorEntry(from);
    if (entry == null) {
      entry = segments.ceilingEntry(from);
    }
    while (entry != null && out.size() < maxRecords && size < maxBytes) {
      Segment s = entry.getValue();
      long pos = cursorSegment == s.firstSeq && cursorSeq == from - 1 ? cursorPos : 0;
      try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ)) {
        ByteBuffer head = ByteBuffer.allocate(FRAME_HEADER);
        while (pos + FRAME_HEADER <= s.bytes && out.size() < maxRecords && size < maxBytes) {
          head.clear();
          ch.read(head, pos);
          head.flip();
          int len = head.getInt();
          int crc = head.getInt();
          if (len <= 0 || len > MAX_FRAME || pos + FRAME_HEADER + len > s.bytes) {
            throw new IOException(s.file + ": a damaged record at " + pos);
          }
          ByteBuffer body = ByteBuffer.allocate(len);
          ch.read(body, pos + FRAME_HEADER);
          if (crc(body.array()) != crc) {
            throw new IOException(s.file + ": a damaged record at " + pos);
          }
          pos += FRAME_HEADER + len;
          WireRecord r = json.readValue(body.array(), WireRecord.class);
          if (r.seq() >= from) {
            out.add(r);
            size += len;
            from = r.seq() + 1;
          }
        }
      }
      cursorSegment = s.firstSeq;
      cursorSeq = from - 1;
      cursorPos = pos;
      entry = segments.higherEntry(s.firstSeq);
    }
    return out;
  }

  /**
   * The server stored everything up to {@code seq}: the records' files' positions become the
   * checkpoints, and segments wholly stored are deleted.
   *
   * @param records the records just acknowledged (for their positions)
   */
  public synchronized void ack(long seq, List<WireRecord> records) throws IOException {
    long delivered = 0;
    for (WireRecord r : records) {
      for (long[] range : droppedRanges) {
        if (r.seq() <= seq && r.seq() >= range[0] && r.seq() <= range[1]) {
          delivered++;
        }
      }
    }
    if (delivered > 0) {
      dropped -= delivered; // counted as dropped, yet the server has them
      droppedRanges.clear();
    }
    if (seq <= acked) {
      if (delivered > 0) {
        saveState();
      }
      return;
    }
    acked = seq;
    for (WireRecord r : records) {
      if (r.seq() <= seq) {
        acknowledged.put(
            r.path(), new Position(r.fileKey(), r.next(), r.line() + 1, r.generation()));
      }
    }
    saveState();
    while (!segments.isEmpty()) {
      Segment s = segments.firstEntry().getValue();
      if (s.lastSeq > acked) {
        break;
      }
      if (segments.size() == 1) {
        rollActive();
      }
      segments.remove(s.firstSeq);
      Files.deleteIfExists(s.file);
    }
    notifyAll();
  }

  private void saveState() throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("acked", acked);
    n.put("dropped", dropped);
    ObjectNode pos = n.putObject("positions");
    acknowledged.forEach(
        (path, p) -> {
          ObjectNode o = pos.putObject(path);
          if (p.fileKey() != null) {
            o.put("file_key", p.fileKey());
          }
          o.put("offset", p.offset());
          o.put("line", p.line());
          o.put("generation", p.generation());
        });
    Path tmp = dir.resolve(STATE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(json.writeValueAsBytes(n)));
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE);
    fsyncDir();
  }

  private void fsyncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened; the rename is still atomic.
    }
  }

  /** Where reading {@code path} resumes: after the newest line buffered or acknowledged. */
  public synchronized Optional<Position> position(String path) {
    return Optional.ofNullable(latest.get(path));
  }

  /** Bytes the buffer holds. */
  public synchronized long bytes() {
    long b = 0;
    for (Segment s : segments.values()) {
      b += s.bytes;
    }
    return b;
  }

  /**
   * This buffer's id: a lost and re-made buffer has another, so the server starts counting anew.
   */
  public String id() {
    return id;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public FullPolicy policy() {
    return policy;
  }

  /** The highest sequence number the server stored. */
  public synchronized long acked() {
    return acked;
  }

  /** Records buffered and not yet stored by the server. */
  public synchronized long pending() {
    return Math.max(0, nextSeq - 1 - acked);
  }

  /** Records dropped under {@link FullPolicy#DROP_OLDEST}, ever. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Wakes every waiting reader and writer; they end. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    notifyAll();
    rollActive();
  }
}
