package dev.mimamori.fim;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What the baseline knows of one entry under a root.
 *
 * @param path relative to the root, '/'-separated, never empty
 * @param mode the permission bits ({@code 0777} and set-id/sticky), without the type
 * @param mtimeNanos last modification, nanoseconds since the epoch
 * @param ctimeNanos last status change, nanoseconds since the epoch
 * @param sha256 the content's SHA-256 for regular files, else null
 * @param linkTarget where a symbolic link points (never followed), else null
 * @param contentRef where the baseline keeps a copy of a small text file (for diffs), or -1
 */
public record FileRecord(
    String path,
    FileKind kind,
    long size,
    int mode,
    int uid,
    int gid,
    long mtimeNanos,
    long ctimeNanos,
    long inode,
    byte @Nullable [] sha256,
    @Nullable String linkTarget,
    long contentRef) {

  /**
   * True when size, mtime, ctime and inode are those of {@code other}: the content is taken as
   * same. ctime too, because mtime can be set back ({@code touch -r}) and ctime cannot.
   */
  public boolean looksUnchanged(FileRecord other) {
    return kind == other.kind
        && size == other.size
        && mtimeNanos == other.mtimeNanos
        && ctimeNanos == other.ctimeNanos
        && inode == other.inode;
  }

  public FileRecord withHash(byte @Nullable [] hash, long ref) {
    return new FileRecord(
        path, kind, size, mode, uid, gid, mtimeNanos, ctimeNanos, inode, hash, linkTarget, ref);
  }

  public @Nullable String sha256Hex() {
    return sha256 == null ? null : HexFormat.of().formatHex(sha256);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FileRecord r
        && r.path.equals(path)
        && r.kind == kind
        && r.size == size
        && r.mode == mode
        && r.uid == uid
        && r.gid == gid
        && r.mtimeNanos == mtimeNanos
        && r.ctimeNanos == ctimeNanos
        && r.inode == inode
        && Arrays.equals(r.sha256, sha256)
        && java.util.Objects.equals(r.linkTarget, linkTarget)
        && r.contentRef == contentRef;
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Long.hashCode(inode);
  }

  @Override
  public String toString() {
    return "FileRecord[" + path + ", " + kind.label() + ", " + size + " bytes]";
  }
}
