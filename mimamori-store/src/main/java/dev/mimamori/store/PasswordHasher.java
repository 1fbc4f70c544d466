package dev.mimamori.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=...,t=...,p=...$salt$hash}), with OWASP's minimum settings (19 MiB, 2 passes, 1
 * lane). Verification compares in constant time.
 */
public final class PasswordHasher {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /** Whether the password matches the stored hash; false for any malformed hash. */
  public boolean verify(String password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        String[] pair = kv.split("=", 2);
        int v = Integer.parseInt(pair[1]);
        switch (pair[0]) {
          case "m" -> m = v;
          case "t" -> t = v;
          case "p" -> p = v;
          default -> {
            return false;
          }
        }
      }
      if (m < 8 || m > 1 << 21 || t < 1 || t > 16 || p < 1 || p > 16) {
        return false;
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int len) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build());
    byte[] out = new byte[len];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
