package dev.mimamori.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {
  /** RFC 4648 section 10, without the padding authenticator apps leave out. */
  @ParameterizedTest
  @CsvSource({
    "f, MY",
    "fo, MZXQ",
    "foo, MZXW6",
    "foob, MZXW6YQ",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI"
  })
  void encodesTheRfc4648Vectors(String plain, String encoded) {
    assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
  }

  @Test
  void decodesWhatItEncodes() {
    byte[] secret = new byte[20];
    new java.util.Random(7).nextBytes(secret);

    assertThat(Base32.decode(Base32.encode(secret))).isEqualTo(secret);
  }

  @Test
  void decodesLowerCaseWithSpacesAndPadding() {
    assertThat(new String(Base32.decode("mzxw 6ytb oi======"), StandardCharsets.US_ASCII))
        .isEqualTo("foobar");
  }

  @Test
  void refusesCharactersOutsideTheAlphabet() {
    assertThatThrownBy(() -> Base32.decode("MZXW1")).isInstanceOf(IllegalArgumentException.class);
  }
}
