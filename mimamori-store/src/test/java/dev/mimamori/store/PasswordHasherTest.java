package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void verifiesTheSamePassword() {
    assertThat(hasher.verify("パスワードは長いほうがよい", hasher.hash("パスワードは長いほうがよい"))).isTrue();
  }

  @Test
  void rejectsAnotherPassword() {
    assertThat(hasher.verify("guess", hasher.hash("the real one"))).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
  }

  @Test
  void rejectsMalformedHashesWithoutThrowing() {
    assertThat(hasher.verify("x", "")).isFalse();
    assertThat(hasher.verify("x", "$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA")).isFalse();
    assertThat(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA")).isFalse();
    assertThat(hasher.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$!!!$AAAA")).isFalse();
  }
}
