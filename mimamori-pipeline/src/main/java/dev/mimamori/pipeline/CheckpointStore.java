package dev.mimamori.pipeline;

import java.util.Optional;

/** Where each source's read position is kept, so a restart resumes without loss or doubles. */
public interface CheckpointStore {
  Optional<Checkpoint> load(SourceSpec source);

  void save(SourceSpec source, Checkpoint checkpoint);

  /**
   * A read position: the byte offset where the next line starts and that line's number.
   *
   * @param offset byte offset
   * @param lineNumber 1-based number of the line at {@code offset}
   */
  record Checkpoint(long offset, long lineNumber) {}

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
