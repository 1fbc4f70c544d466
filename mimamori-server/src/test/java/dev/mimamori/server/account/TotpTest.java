package dev.mimamori.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 appendix B, the SHA-1 rows (8 digits). */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void matchesTheRfc6238TestVectors(long seconds, String expected) {
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(seconds)), 8, "HmacSHA1"))
        .isEqualTo(expected);
  }

  @Test
  void showsSixDigitsLikeAuthenticatorApps() {
    assertThat(Totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
  }

  @Test
  void acceptsTheCodeOfTheCurrentStep() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    String code = Totp.codeAt(RFC_SECRET, now);

    assertThat(Totp.matchingStep(RFC_SECRET, code, now)).hasValue(Totp.step(now));
  }

  @Test
  void acceptsTheCodeOfThePreviousStepForSlowTyping() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    String code = Totp.codeAt(RFC_SECRET, now.minusSeconds(30));

    assertThat(Totp.matchingStep(RFC_SECRET, code, now)).hasValue(Totp.step(now) - 1);
  }

  @Test
  void refusesACodeTwoStepsOld() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    String code = Totp.codeAt(RFC_SECRET, now.minusSeconds(60));

    assertThat(Totp.matchingStep(RFC_SECRET, code, now)).isEmpty();
  }

  @Test
  void acceptsACodeTypedWithASpace() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    String code = Totp.codeAt(RFC_SECRET, now);

    assertThat(Totp.matchingStep(RFC_SECRET, code.substring(0, 3) + " " + code.substring(3), now))
        .isPresent();
  }

  @Test
  void refusesLettersInACode() {
    assertThat(Totp.matchingStep(RFC_SECRET, "12a456", Instant.EPOCH)).isEmpty();
  }

  @Test
  void refusesAnEmptyCode() {
    assertThat(Totp.matchingStep(RFC_SECRET, "", Instant.EPOCH)).isEmpty();
  }
}
