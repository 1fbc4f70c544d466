package dev.mimamori.fim.vault;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The vault's 256-bit key: from {@code MIMAMORI_VAULT_KEY} (base64) when set, so it can live in a
 * secret manager away from the data; otherwise a key file created once, readable by its owner only.
 */
final class VaultKey {
  static final String ENV = "MIMAMORI_VAULT_KEY";

  private VaultKey() {}

  static SecretKey load(Path keyFile, @Nullable String fromEnv) throws IOException {
    if (fromEnv != null && !fromEnv.isBlank()) {
      byte[] k;
      try {
        k = Base64.getDecoder().decode(fromEnv.trim());
      } catch (IllegalArgumentException e) {
        throw new IOException(ENV + " is not base64", e);
      }
      if (k.length != 32) {
        throw new IOException(ENV + " must hold 32 bytes, not " + k.length);
      }
      return new SecretKeySpec(k, "AES");
    }
    if (!Files.exists(keyFile)) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      Files.createDirectories(keyFile.getParent());
      try {
        Files.write(
            Files.createFile(
                keyFile,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            k,
            StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first: use theirs.
      }
    }
    Files.setPosixFilePermissions(
        keyFile, EnumSet.copyOf(PosixFilePermissions.fromString("rw-------")));
    byte[] k = Files.readAllBytes(keyFile);
    if (k.length != 32) {
      throw new IOException(keyFile + ": a vault key must be 32 bytes, not " + k.length);
    }
    return new SecretKeySpec(k, "AES");
  }
}
