package dev.mimamori.server.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA1, 30-second
 * steps, 6 digits. A code is accepted for the step before and after the current one, for clocks
 * that drift and people who type slowly.
 */
public final class Totp {
  static final int STEP_SECONDS = 30;
  static final int DIGITS = 6;
  private static final int[] POWERS = {
    1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private Totp() {}

  /** The time step an instant falls in. */
  static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of one step (RFC 4226 HOTP with the step as counter). */
  static String code(byte[] secret, long step, int digits, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, "RAW"));
      byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      String s = Integer.toString(binary % POWERS[digits]);
      return "0".repeat(digits - s.length()) + s;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }

  /** The code an authenticator shows at an instant. */
  public static String codeAt(byte[] secret, Instant at) {
    return code(secret, step(at), DIGITS, "HmacSHA1");
  }

  /**
   * The step a typed code belongs to (the current one or a neighbour), or empty when it matches
   * none. Compares in constant time and checks all three steps either way.
   */
  static OptionalLong matchingStep(byte[] secret, String typed, Instant now) {
    String digits = typed.replace(" ", "");
    if (digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long current = step(now);
    long found = Long.MIN_VALUE;
    for (long s = current - 1; s <= current + 1; s++) {
      boolean same =
          MessageDigest.isEqual(
              code(secret, s, DIGITS, "HmacSHA1")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (same && found == Long.MIN_VALUE) {
        found = s;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }
}
