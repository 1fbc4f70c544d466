package dev.mimamori.incidents.oncall;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signed, expiring links that acknowledge an incident from a page, without logging in.
 *
 * <p>A token is {@code v1.<payload>.<mac>}: both parts unpadded URL-safe base64. The payload holds
 * the incident id and the person id (each as a length-prefixed UTF-8 string) and the expiry (epoch
 * seconds, 8 bytes big-endian). The MAC is HMAC-SHA256 with the server's key over the ASCII text
 * {@code mimamori-ack:v1.<payload>}, so the version, the incident, the person and the expiry are
 * all signed: a token for one incident cannot be turned into one for another. {@link #verify}
 * compares MACs in constant time and returns empty, never throws, for anything but a valid,
 * unexpired token of this key.
 */
public final class AckLinks {
  /** The token format version, the token's first part. */
  public static final String VERSION = "v1";

  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final int MAX_TOKEN_CHARS = 2048;
  private static final int MAX_ID_BYTES = 512;
  private static final int MAC_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final String CONTEXT = "mimamori-ack:";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param key the secret, at least {@value #MIN_KEY_BYTES} random bytes; used for nothing else
   * @param clock decides expiry
   */
  public AckLinks(byte[] key, Clock clock) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the ack link key must be at least " + MIN_KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token that lets {@code personId} acknowledge {@code incidentId} until {@code expiresAt}. */
  public String token(String incidentId, String personId, Instant expiresAt) {
    byte[] payload = encode(incidentId, personId, expiresAt);
    String body = VERSION + "." + ENCODER.encodeToString(payload);
    return body + "." + ENCODER.encodeToString(mac(body));
  }

  /**
   * What a token says, if it is a well-formed token of this key's, unchanged and not expired (the
   * clock is before its expiry); otherwise empty.
   */
  public Optional<AckToken> verify(String token) {
    try {
      return check(token);
    } catch (RuntimeException | IOException e) {
      return Optional.empty(); // malformed input of any kind is simply not a valid token
    }
  }

  /** {@link #verify}, and only if the token is for {@code incidentId}. */
  public Optional<AckToken> verifyFor(String token, String incidentId) {
    return verify(token).filter(t -> t.incidentId().equals(incidentId));
  }

  /** {@code <baseUrl>/ack/<token>}; {@code baseUrl} is the server's public http(s) URL. */
  public static String url(String baseUrl, String token) {
    String base = baseUrl.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      URI uri = new URI(base);
      if (uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("https")
              || uri.getScheme().equalsIgnoreCase("http"))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException(
            "base URL must be http(s)://host[/path], not '" + Names.shown(baseUrl) + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "base URL is not a URL: '" + Names.shown(baseUrl) + "'", e);
    }
    if (!token.chars().allMatch(AckLinks::tokenChar)) {
      throw new IllegalArgumentException("not a token: '" + Names.shown(token) + "'");
    }
    return base + "/ack/" + token;
  }

  private Optional<AckToken> check(String token) throws IOException {
    if (token.length() > MAX_TOKEN_CHARS || !token.chars().allMatch(AckLinks::tokenChar)) {
      return Optional.empty();
    }
    int first = token.indexOf('.');
    int last = token.lastIndexOf('.');
    if (first < 0 || first == last || !token.substring(0, first).equals(VERSION)) {
      return Optional.empty();
    }
    String body = token.substring(0, last);
    byte[] given = decode(token.substring(last + 1));
    byte[] payload = decode(token.substring(first + 1, last));
    if (given == null || given.length != MAC_BYTES || payload == null) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      return Optional.empty();
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    String incidentId = in.readUTF();
    String personId = in.readUTF();
    Instant expiresAt = Instant.ofEpochSecond(in.readLong());
    if (in.available() != 0 || incidentId.isEmpty() || personId.isEmpty()) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(new AckToken(incidentId, personId, expiresAt));
  }

  private static byte[] encode(String incidentId, String personId, Instant expiresAt) {
    checkId(incidentId, "incidentId");
    checkId(personId, "personId");
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(incidentId);
      out.writeUTF(personId);
      out.writeLong(expiresAt.getEpochSecond());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  private static void checkId(String id, String field) {
    Objects.requireNonNull(id, field);
    if (id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      throw new IllegalArgumentException(field + " must be 1 to " + MAX_ID_BYTES + " bytes");
    }
  }

  /** The bytes of canonical unpadded URL-safe base64, or null for anything else. */
  private static byte @Nullable [] decode(String text) {
    byte[] bytes = DECODER.decode(text);
    return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((CONTEXT + body).getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static boolean tokenChar(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.';
  }
}
