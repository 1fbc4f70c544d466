package dev.mimamori.fim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The baseline file: a header, then one record per entry in {@link PathOrder}, then an end mark
 * with the record count, so a truncated file is told apart from a short one.
 */
final class BaselineFormat {
  static final String MAGIC = "mimamori-fim-baseline";
  static final int VERSION = 1;
  static final byte RECORD = 1;
  static final byte END = 0;
  static final int MAX_STRING = 1 << 16;

  private BaselineFormat() {}

  static void writeString(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) {
      throw new IOException("corrupt baseline: a string of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static void writeHeader(DataOutput out, BaselineHeader h) throws IOException {
    writeString(out, MAGIC);
    out.writeInt(VERSION);
    writeString(out, h.root());
    out.writeLong(h.createdMillis());
    writeString(out, h.application());
    writeString(out, h.version());
  }

  static BaselineHeader readHeader(DataInput in) throws IOException {
    String magic;
    try {
      magic = readString(in);
    } catch (IOException e) {
      throw new IOException("not a mimamori baseline", e);
    }
    if (!MAGIC.equals(magic)) {
      throw new IOException("not a mimamori baseline");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(
          "baseline format " + version + " is not supported (expected " + VERSION + ")");
    }
    return new BaselineHeader(readString(in), in.readLong(), readString(in), readString(in));
  }

  static void writeRecord(DataOutput out, FileRecord r) throws IOException {
    out.writeByte(RECORD);
    writeString(out, r.path());
    out.writeByte(r.kind().ordinal());
    out.writeLong(r.size());
    out.writeInt(r.mode());
    out.writeInt(r.uid());
    out.writeInt(r.gid());
    out.writeLong(r.mtimeNanos());
    out.writeLong(r.ctimeNanos());
    out.writeLong(r.inode());
    byte[] hash = r.sha256();
    out.writeByte(hash == null ? 0 : hash.length);
    if (hash != null) {
      out.write(hash);
    }
    String target = r.linkTarget();
    out.writeBoolean(target != null);
    if (target != null) {
      writeString(out, target);
    }
    out.writeLong(r.contentRef());
  }

  /** The next record, or null at the end mark (after checking the count). */
  static FileRecord readRecord(DataInput in, long readSoFar) throws IOException {
    byte tag = in.readByte();
    if (tag == END) {
      long count = in.readLong();
      if (count != readSoFar) {
        throw new IOException(
            "corrupt baseline: " + readSoFar + " records, end mark says " + count);
      }
      return null;
    }
    if (tag != RECORD) {
      throw new IOException("corrupt baseline: record tag " + tag);
    }
    String path = readString(in);
    int kind = in.readByte();
    if (kind < 0 || kind >= FileKind.values().length) {
      throw new IOException("corrupt baseline: kind " + kind);
    }
    long size = in.readLong();
    int mode = in.readInt();
    int uid = in.readInt();
    int gid = in.readInt();
    long mtime = in.readLong();
    long ctime = in.readLong();
    long inode = in.readLong();
    int hashLength = in.readUnsignedByte();
    byte[] hash = null;
    if (hashLength > 0) {
      hash = new byte[hashLength];
      in.readFully(hash);
    }
    String target = in.readBoolean() ? readString(in) : null;
    long ref = in.readLong();
    return new FileRecord(
        path,
        FileKind.values()[kind],
        size,
        mode,
        uid,
        gid,
        mtime,
        ctime,
        inode,
        hash,
        target,
        ref);
  }
}
