package dev.mimamori.pipeline;

import java.util.Optional;

/** Where each source's read position is kept, so a restart resumes without loss or doubles. */
public interface CheckpointStore {
  Optional<Checkpoint> load(SourceSpec source);

  void save(SourceSpec source, Checkpoint checkpoint);

  /**
   * A read position: the byte offset where the next line starts, that line's number, and which file
   * it was (device and inode), so that a file renamed away by log rotation is finished before its
   * successor is read.
   *
   * @param offset byte offset
   * @param lineNumber 1-based number of the line at {@code offset}
   * @param fileKey the file's identity (device and inode), or null when unknown
   */
  record Checkpoint(
      long offset, long lineNumber, @org.jspecify.annotations.Nullable String fileKey) {
    public Checkpoint(long offset, long lineNumber) {
      this(offset, lineNumber, null);
    }
  }

  /** Keeps positions in memory only (the offline analyzer). */
  static CheckpointStore inMemory() {
    var map = new java.util.concurrent.ConcurrentHashMap<String, Checkpoint>();
    return new CheckpointStore() {
      @Override
      public Optional<Checkpoint> load(SourceSpec source) {
        return Optional.ofNullable(map.get(source.id()));
      }

      @Override
      public void save(SourceSpec source, Checkpoint checkpoint) {
        map.put(source.id(), checkpoint);
      }
    };
  }
}
