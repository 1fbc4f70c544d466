package dev.mimamori.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir Path dir;

  static final byte[] PLAIN = "the secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensWhatItSealed() throws Exception {
    SecretBox box = SecretBox.open(dir, null);

    assertThat(box.open("totp-secret", box.seal("totp-secret", PLAIN))).isEqualTo(PLAIN);
  }

  @Test
  void sealsTheSameSecretDifferentlyEachTime() throws Exception {
    SecretBox box = SecretBox.open(dir, null);

    assertThat(box.seal("p", PLAIN)).isNotEqualTo(box.seal("p", PLAIN));
  }

  @Test
  void doesNotShowTheSecretInTheSealedText() throws Exception {
    SecretBox box = SecretBox.open(dir, null);

    assertThat(box.seal("p", PLAIN))
        .doesNotContain("secret")
        .doesNotContain(Base64.getEncoder().encodeToString(PLAIN));
  }

  @Test
  void refusesAValueSealedForAnotherPurpose() throws Exception {
    SecretBox box = SecretBox.open(dir, null);
    String sealed = box.seal("webhook-secret", PLAIN);

    assertThatThrownBy(() -> box.open("totp-secret", sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void refusesAChangedValue() throws Exception {
    SecretBox box = SecretBox.open(dir, null);
    String sealed = box.seal("p", PLAIN);
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String changed = "v1:" + Base64.getEncoder().encodeToString(raw);

    assertThatThrownBy(() -> box.open("p", changed)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void refusesAValueSealedWithAnotherKey() throws Exception {
    String sealed = SecretBox.open(dir.resolve("a"), null).seal("p", PLAIN);
    SecretBox other = SecretBox.open(dir.resolve("b"), null);

    assertThatThrownBy(() -> other.open("p", sealed)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void keepsItsKeyFileForItsOwnerOnly() throws Exception {
    SecretBox.open(dir, null);

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void opensWithTheSameKeyAfterARestart() throws Exception {
    String sealed = SecretBox.open(dir, null).seal("p", PLAIN);

    assertThat(SecretBox.open(dir, null).open("p", sealed)).isEqualTo(PLAIN);
  }

  @Test
  void takesItsKeyFromTheEnvironmentWhenGiven() throws Exception {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    String sealed = SecretBox.open(dir.resolve("a"), key).seal("p", PLAIN);

    assertThat(SecretBox.open(dir.resolve("b"), key).open("p", sealed)).isEqualTo(PLAIN);
  }

  @Test
  void refusesAnEnvironmentKeyOfTheWrongLength() {
    String key = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> SecretBox.open(dir, key))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("32 bytes");
  }
}
