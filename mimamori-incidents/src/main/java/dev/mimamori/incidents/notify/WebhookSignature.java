package dev.mimamori.incidents.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signature of a webhook request: {@code X-Mimamori-Timestamp: <unix seconds>} and {@code
 * X-Mimamori-Signature: sha256=<hex>}, the HMAC-SHA256, keyed with the shared secret (its UTF-8
 * bytes), of the timestamp's digits, a {@code .}, and the raw body bytes exactly as received.
 *
 * <p>A receiver recomputes the HMAC over the bytes it received (before any JSON parsing), compares
 * in constant time, and refuses a timestamp more than a few minutes from its own clock, so a
 * captured request cannot be replayed later; {@code Idempotency-Key} tells a retry from a new
 * message. {@link #verify} does all of that and can serve as the reference.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Mimamori-Signature";
  public static final String TIMESTAMP_HEADER = "X-Mimamori-Timestamp";

  /** How far a timestamp may be from the receiver's clock by default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
  public static String sign(String secret, long timestamp, byte[] body) {
    return sign(secret, Long.toString(timestamp), body);
  }

  private static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether a request is authentic and fresh: the timestamp is an integer within {@code tolerance}
   * of {@code now} and the signature matches (compared in constant time).
   */
  public static boolean verify(
      String secret,
      @Nullable String timestamp,
      @Nullable String signature,
      byte[] body,
      Instant now,
      Duration tolerance) {
    if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
