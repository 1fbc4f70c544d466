package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final String SECRET = "whsec_0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-11-19T18:06:00Z");
  private static final long TS = NOW.getEpochSecond();
  private static final byte[] BODY = "{\"id\":\"inc-1/3\"}".getBytes(StandardCharsets.UTF_8);
  private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

  private static String signature() {
    return WebhookSignature.sign(SECRET, TS, BODY);
  }

  @Test
  void signsWithALowerCaseHexDigest() {
    assertThat(signature()).matches("sha256=[0-9a-f]{64}");
  }

  @Test
  void acceptsAFreshSignedRequest() {
    assertThat(WebhookSignature.verify(SECRET, "" + TS, signature(), BODY, NOW, TOLERANCE))
        .isTrue();
  }

  @Test
  void rejectsAnOldTimestamp() {
    assertThat(
            WebhookSignature.verify(
                SECRET, "" + TS, signature(), BODY, NOW.plus(Duration.ofMinutes(6)), TOLERANCE))
        .isFalse();
  }

  @Test
  void rejectsATimestampFromTheFuture() {
    assertThat(
            WebhookSignature.verify(
                SECRET, "" + TS, signature(), BODY, NOW.minus(Duration.ofMinutes(6)), TOLERANCE))
        .isFalse();
  }

  @Test
  void rejectsAChangedBody() {
    byte[] changed = "{\"id\":\"inc-2/3\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookSignature.verify(SECRET, "" + TS, signature(), changed, NOW, TOLERANCE))
        .isFalse();
  }

  @Test
  void rejectsAChangedTimestamp() {
    assertThat(WebhookSignature.verify(SECRET, "" + (TS + 1), signature(), BODY, NOW, TOLERANCE))
        .isFalse();
  }

  @Test
  void rejectsAnotherSecret() {
    assertThat(
            WebhookSignature.verify(
                "whsec_another_secret_0", "" + TS, signature(), BODY, NOW, TOLERANCE))
        .isFalse();
  }

  @Test
  void rejectsAMissingOrMalformedTimestamp() {
    assertThat(WebhookSignature.verify(SECRET, "12e3", signature(), BODY, NOW, TOLERANCE))
        .isFalse();
  }
}
