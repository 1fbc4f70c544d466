package dev.mimamori.fim;

/** What a directory entry is. Only regular files are hashed and scanned. */
public enum FileKind {
  FILE,
  DIRECTORY,
  SYMLINK,
  /** A device, FIFO or socket: recorded, never opened. */
  OTHER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
