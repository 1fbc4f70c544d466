package dev.mimamori.server.account;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals secrets the database keeps (TOTP secrets) with AES-256-GCM, so a copy of the database alone
 * gives nothing away. The key comes from {@code MIMAMORI_SECRET_KEY} (base64 of 32 bytes; the same
 * on every server sharing a PostgreSQL database) or from a key file made once in the data
 * directory, readable by its owner only. Each sealed value names its purpose as associated data, so
 * a value cannot be moved to another use.
 */
public final class SecretBox {
  public static final String ENV = "MIMAMORI_SECRET_KEY";
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  SecretBox(SecretKey key) {
    this.key = key;
  }

  /** The box with the key from the environment, or the data directory's key file. */
  public static SecretBox open(Path dataDir, @Nullable String fromEnv) throws IOException {
    return new SecretBox(loadKey(dataDir.resolve("secret.key"), fromEnv));
  }

  public String seal(String purpose, byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plain);
      return VERSION
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JDK", e);
    }
  }

  /** Opens a sealed value; fails for another key, another purpose or a changed value. */
  public byte[] open(String purpose, String sealed) throws GeneralSecurityException {
    if (!sealed.startsWith(VERSION)) {
      throw new GeneralSecurityException("not a sealed value");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not a sealed value", e);
    }
    if (all.length < NONCE_BYTES + 16) {
      throw new GeneralSecurityException("sealed value too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
    c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
    return c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
  }

  private static SecretKey loadKey(Path keyFile, @Nullable String fromEnv) throws IOException {
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
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      try {
        Files.write(
            Files.createFile(
                keyFile,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            k);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first: use theirs.
      }
    }
    byte[] k = Files.readAllBytes(keyFile);
    if (k.length != 32) {
      throw new IOException(keyFile + ": a secret key must be 32 bytes, not " + k.length);
    }
    return new SecretKeySpec(k, "AES");
  }
}
