package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldKindTest {
  @Test
  void autocompleteCcNumberIsACardNumber() {
    assertThat(FieldKind.of("x", "", "text", "cc-number")).isEqualTo(FieldKind.CARD_NUMBER);
  }

  @Test
  void nameWithCardNoIsACardNumber() {
    assertThat(FieldKind.of("payment[card_no]", "", "text", "")).isEqualTo(FieldKind.CARD_NUMBER);
  }

  @Test
  void securityCodeIsACvv() {
    assertThat(FieldKind.of("", "security-code", "text", "")).isEqualTo(FieldKind.CVV);
  }

  @Test
  void passwordTypeIsAPassword() {
    assertThat(FieldKind.of("secret", "", "password", "")).isEqualTo(FieldKind.PASSWORD);
  }

  @Test
  void companyNameIsNotACardField() {
    assertThat(FieldKind.of("company", "", "text", "")).isEqualTo(FieldKind.OTHER);
  }
}
