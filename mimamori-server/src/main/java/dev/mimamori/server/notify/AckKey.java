package dev.mimamori.server.notify;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;

/**
 * The key that signs acknowledgement links: {@code MIMAMORI_ACK_KEY} (base64, 32 bytes or more)
 * when set, so several servers behind one URL share it; otherwise {@code ack.key} in the data
 * directory, made once and readable by its owner only.
 */
public final class AckKey {
  public static final String ENV = "MIMAMORI_ACK_KEY";

  private AckKey() {}

  public static byte[] load(Path dataDir, @Nullable String fromEnv) throws IOException {
    if (fromEnv != null && !fromEnv.isBlank()) {
      byte[] k;
      try {
        k = Base64.getDecoder().decode(fromEnv.trim());
      } catch (IllegalArgumentException e) {
        throw new IOException(ENV + " is not base64", e);
      }
      if (k.length < 32) {
        throw new IOException(ENV + " must hold at least 32 bytes, not " + k.length);
      }
      return k;
    }
    Path file = dataDir.resolve("ack.key");
    if (!Files.exists(file)) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      Files.createDirectories(dataDir);
      try {
        Files.write(
            Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            k,
            StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first: use theirs.
      }
    }
    Files.setPosixFilePermissions(
        file, EnumSet.copyOf(PosixFilePermissions.fromString("rw-------")));
    byte[] k = Files.readAllBytes(file);
    if (k.length < 32) {
      throw new IOException(file + ": an acknowledgement key must be at least 32 bytes");
    }
    return k;
  }
}
