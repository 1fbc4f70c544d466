package dev.mimamori.archive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * Up to {@link #MAX_EVENTS} events of one stream and day as one stored value: the archive's unit of
 * storage. Each text column keeps its distinct values once (a dictionary) and each event an index
 * into it; numbers are deltas; the original lines follow as UTF-8. Lucene indexes a block once, by
 * the distinct values of its events, and a search reads the blocks it finds and checks each event
 * exactly ({@link EventMatcher}).
 *
 * <p>Layout (version 1): {@code 1, n, stream, columns, per column: k, k values; per event: flags,
 * time delta, offset delta, per column index + 1 (0: none), status?, bytes?, line}; integers are
 * Lucene variable-length ints, deltas zig-zag.
 */
final class EventBlock {
  static final int MAX_EVENTS = 128;

  /**
   * A block is also cut once its events take this many bytes: lines of megabytes (pushed JSON, a
   * hostile request) would otherwise make blocks of a hundred megabytes, held whole in memory by
   * the writer and by every search that reads them.
   */
  static final int MAX_BYTES = 1 << 20;

  private static final byte VERSION = 1;

  /** The columns: the tenant, the indexed keyword and text fields, and dataset and path whole. */
  static final List<String> COLUMNS;

  static final int TENANT_COLUMN = 0;
  static final int DATASET_COLUMN;
  static final int PATH_COLUMN;

  /** The columns a query's field names refer to (the last two are for display only). */
  static final int INDEXED_COLUMNS;

  static {
    List<String> c = new ArrayList<>();
    c.add(EventArchive.TENANT);
    c.addAll(EventArchive.KEYWORDS);
    c.addAll(EventArchive.TEXTS);
    INDEXED_COLUMNS = c.size();
    DATASET_COLUMN = c.size();
    c.add("_dataset");
    PATH_COLUMN = c.size();
    c.add("_path");
    COLUMNS = List.copyOf(c);
  }

  private static final int HAS_STATUS = 1;
  private static final int HAS_BYTES = 2;

  final String stream;
  final int size;
  final long[] timestamps;
  final long[] offsets;
  final int[] status;
  final long[] bytes;
  final byte[] flags;

  /** Per column, its distinct values. */
  final BytesRef[][] dictionary;

  /** Per column and event, the index of the event's value in the dictionary, or -1. */
  final int[][] cells;

  private final byte[] data;
  private final int[] lineStart;
  private final int[] lineLength;

  private EventBlock(
      String stream,
      int size,
      BytesRef[][] dictionary,
      int[][] cells,
      long[] timestamps,
      long[] offsets,
      int[] status,
      long[] bytes,
      byte[] flags,
      byte[] data,
      int[] lineStart,
      int[] lineLength) {
    this.stream = stream;
    this.size = size;
    this.dictionary = dictionary;
    this.cells = cells;
    this.timestamps = timestamps;
    this.offsets = offsets;
    this.status = status;
    this.bytes = bytes;
    this.flags = flags;
    this.data = data;
    this.lineStart = lineStart;
    this.lineLength = lineLength;
  }

  boolean hasStatus(int row) {
    return (flags[row] & HAS_STATUS) != 0;
  }

  boolean hasBytes(int row) {
    return (flags[row] & HAS_BYTES) != 0;
  }

  /** A column's value for an event, or null. */
  @Nullable BytesRef cell(int column, int row) {
    int i = cells[column][row];
    return i < 0 ? null : dictionary[column][i];
  }

  String text(int column, int row) {
    BytesRef b = cell(column, row);
    return b == null ? "" : string(b);
  }

  /** UTF-8 as text, invalid sequences replaced (Lucene's decoder assumes valid input). */
  static String string(BytesRef b) {
    return new String(b.bytes, b.offset, b.length, java.nio.charset.StandardCharsets.UTF_8);
  }

  String line(int row) {
    return new String(
        data, lineStart[row], lineLength[row], java.nio.charset.StandardCharsets.UTF_8);
  }

  ArchivedEvent event(int row) {
    return new ArchivedEvent(
        EventArchive.identity(stream, offsets[row]),
        text(TENANT_COLUMN, row),
        java.time.Instant.ofEpochMilli(timestamps[row]),
        text(DATASET_COLUMN, row),
        text(PATH_COLUMN, row),
        offsets[row],
        line(row));
  }

  /**
   * Reads a stored block.
   *
   * @throws IllegalArgumentException when the bytes are not a block this version can read
   */
  static EventBlock decode(BytesRef ref) {
    // A stored field's value arrives in an array of its own: read in place.
    byte[] data =
        ref.offset == 0 && ref.length == ref.bytes.length
            ? ref.bytes
            : Arrays.copyOfRange(ref.bytes, ref.offset, ref.offset + ref.length);
    ByteArrayDataInput in = new ByteArrayDataInput(data);
    try {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("archive block of unknown version " + version);
      }
      int n = in.readVInt();
      int streamLength = within(in, data);
      if (streamLength < 16) {
        throw new IllegalArgumentException("archive block of a stream without its digest");
      }
      String stream =
          new String(data, in.getPosition(), streamLength, java.nio.charset.StandardCharsets.UTF_8);
      in.skipBytes(streamLength);
      int columns = in.readVInt();
      // Every event takes more than a byte: a count past the length is not a block's.
      if (n < 0 || n > data.length || columns != COLUMNS.size()) {
        throw new IllegalArgumentException("archive block with " + columns + " columns");
      }
      BytesRef[][] dictionary = new BytesRef[columns][];
      for (int c = 0; c < columns; c++) {
        int k = in.readVInt();
        if (k < 0 || k > data.length - in.getPosition()) {
          throw new IllegalArgumentException("archive block dictionary past its end");
        }
        BytesRef[] values = new BytesRef[k];
        for (int i = 0; i < k; i++) {
          int len = within(in, data);
          values[i] = new BytesRef(data, in.getPosition(), len);
          in.skipBytes(len);
        }
        dictionary[c] = values;
      }
      int[][] cells = new int[columns][n];
      long[] ts = new long[n];
      long[] off = new long[n];
      int[] status = new int[n];
      long[] bytes = new long[n];
      byte[] flags = new byte[n];
      int[] lineStart = new int[n];
      int[] lineLength = new int[n];
      long t = 0;
      long o = 0;
      for (int r = 0; r < n; r++) {
        flags[r] = in.readByte();
        t += in.readZLong();
        o += in.readZLong();
        ts[r] = t;
        off[r] = o;
        for (int c = 0; c < columns; c++) {
          int i = in.readVInt() - 1;
          if (i >= dictionary[c].length) {
            throw new IllegalArgumentException("archive block value out of its dictionary");
          }
          cells[c][r] = i;
        }
        if ((flags[r] & HAS_STATUS) != 0) {
          status[r] = (int) in.readZLong();
        }
        if ((flags[r] & HAS_BYTES) != 0) {
          bytes[r] = in.readZLong();
        }
        int len = within(in, data);
        lineStart[r] = in.getPosition();
        lineLength[r] = len;
        in.skipBytes(len);
      }
      if (in.getPosition() > data.length) {
        throw new IllegalArgumentException("truncated archive block");
      }
      return new EventBlock(
          stream, n, dictionary, cells, ts, off, status, bytes, flags, data, lineStart, lineLength);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable archive block: " + e, e);
    }
  }

  /** A length read next, checked to lie within the block. */
  private static int within(ByteArrayDataInput in, byte[] data) throws java.io.IOException {
    int len = in.readVInt();
    if (len < 0 || len > data.length - in.getPosition()) {
      throw new IllegalArgumentException("archive block value past its end");
    }
    return len;
  }

  /** Collects events into one block: call {@link #add} up to {@link #MAX_EVENTS} times. */
  static final class Writer {
    private final Column[] columns = new Column[COLUMNS.size()];
    private final Bytes rows = new Bytes(MAX_EVENTS * 256);
    private int size;
    private long lastTime;
    private long lastOffset;
    long minTime;
    long maxTime;
    long minOffset;
    long maxOffset;
    long minBytes;
    long maxBytes;
    boolean anyBytes;

    /** The distinct status codes, in the order first seen. */
    int[] statuses = new int[8];

    int statusCount;

    Writer() {
      for (int c = 0; c < columns.length; c++) {
        columns[c] = new Column();
      }
      reset();
    }

    int size() {
      return size;
    }

    /** Whether the block should take no more events. */
    boolean full() {
      return size >= MAX_EVENTS || rows.length >= MAX_BYTES;
    }

    /** The distinct values of a column so far. */
    List<BytesRef> values(int column) {
      return columns[column].values;
    }

    void reset() {
      size = 0;
      rows.length = 0;
      lastTime = 0;
      lastOffset = 0;
      minTime = Long.MAX_VALUE;
      maxTime = Long.MIN_VALUE;
      minOffset = Long.MAX_VALUE;
      maxOffset = Long.MIN_VALUE;
      minBytes = Long.MAX_VALUE;
      maxBytes = Long.MIN_VALUE;
      anyBytes = false;
      statusCount = 0;
      for (Column c : columns) {
        c.clear();
      }
    }

    /**
     * One event. {@code cells} holds a value per column (or null), as {@link COLUMNS} orders them.
     */
    void add(
        long time,
        long offset,
        @Nullable Integer statusCode,
        @Nullable Long responseBytes,
        @Nullable String[] cells,
        BytesRef line) {
      int f = (statusCode != null ? HAS_STATUS : 0) | (responseBytes != null ? HAS_BYTES : 0);
      rows.writeByte((byte) f);
      rows.writeZLong(time - lastTime);
      rows.writeZLong(offset - lastOffset);
      lastTime = time;
      lastOffset = offset;
      minTime = Math.min(minTime, time);
      maxTime = Math.max(maxTime, time);
      minOffset = Math.min(minOffset, offset);
      maxOffset = Math.max(maxOffset, offset);
      for (int c = 0; c < columns.length; c++) {
        String v = cells[c];
        rows.writeVInt(v == null ? 0 : columns[c].index(v) + 1);
      }
      if (statusCode != null) {
        rows.writeZLong(statusCode);
        addStatus(statusCode);
      }
      if (responseBytes != null) {
        rows.writeZLong(responseBytes);
        anyBytes = true;
        minBytes = Math.min(minBytes, responseBytes);
        maxBytes = Math.max(maxBytes, responseBytes);
      }
      rows.writeVInt(line.length);
      rows.writeBytes(line.bytes, line.offset, line.length);
      size++;
    }

    private void addStatus(int status) {
      for (int i = 0; i < statusCount; i++) {
        if (statuses[i] == status) {
          return;
        }
      }
      if (statusCount == statuses.length) {
        statuses = Arrays.copyOf(statuses, statusCount * 2);
      }
      statuses[statusCount++] = status;
    }

    /** The stored form of the events added since the last reset. */
    BytesRef encode(String stream) {
      Bytes out = new Bytes(rows.length + 1024);
      out.writeByte(VERSION);
      out.writeVInt(size);
      byte[] s = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeVInt(s.length);
      out.writeBytes(s, 0, s.length);
      out.writeVInt(columns.length);
      for (Column c : columns) {
        out.writeVInt(c.values.size());
        for (BytesRef v : c.values) {
          out.writeVInt(v.length);
          out.writeBytes(v.bytes, v.offset, v.length);
        }
      }
      out.writeBytes(rows.bytes, 0, rows.length);
      return new BytesRef(out.bytes, 0, out.length);
    }
  }

  /** A column's distinct values in a block, in the order first seen. */
  private static final class Column {
    final List<BytesRef> values = new ArrayList<>();
    final java.util.HashMap<String, Integer> index = new java.util.HashMap<>();
    @Nullable String last;
    int lastIndex;

    int index(String v) {
      // Tenant, shop, dataset and path are usually the very same string from event to event.
      if (v == last || v.equals(last)) {
        return lastIndex;
      }
      Integer i = index.get(v);
      if (i == null) {
        i = values.size();
        values.add(EventArchive.utf8(v));
        index.put(v, i);
      }
      last = v;
      lastIndex = i;
      return i;
    }

    void clear() {
      values.clear();
      index.clear();
      last = null;
    }
  }

  /** A growable byte array with Lucene's variable-length integers. */
  private static final class Bytes {
    byte[] bytes;
    int length;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    void writeByte(byte b) {
      ensure(1);
      bytes[length++] = b;
    }

    void writeBytes(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    void writeVInt(int i) {
      ensure(5);
      while ((i & ~0x7F) != 0) {
        bytes[length++] = (byte) ((i & 0x7F) | 0x80);
        i >>>= 7;
      }
      bytes[length++] = (byte) i;
    }

    void writeZLong(long l) {
      long v = (l >> 63) ^ (l << 1);
      ensure(10);
      while ((v & ~0x7FL) != 0L) {
        bytes[length++] = (byte) ((v & 0x7FL) | 0x80L);
        v >>>= 7;
      }
      bytes[length++] = (byte) v;
    }
  }
}
