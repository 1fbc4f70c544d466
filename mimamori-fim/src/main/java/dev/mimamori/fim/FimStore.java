package dev.mimamori.fim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the baselines live in a data directory: {@code fim/<key>/} per root, the key derived from
 * the root's absolute path, holding {@code baseline.bin} and {@code content.pack}.
 */
public final class FimStore {
  private final Path dataDir;

  public FimStore(Path dataDir) {
    this.dataDir = dataDir;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The canonical form of a root: absolute, normalized, links resolved when it exists. */
  public static Path canonical(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root.toAbsolutePath().normalize();
    }
  }

  public Path folder(Path root) {
    return dataDir.resolve("fim").resolve(key(canonical(root)));
  }

  public Path baseline(Path root) {
    return folder(root).resolve("baseline.bin");
  }

  public Path contentPack(Path root) {
    return folder(root).resolve("content.pack");
  }

  public boolean hasBaseline(Path root) {
    return Files.isRegularFile(baseline(root));
  }

  static String key(Path root) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(root.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
