package dev.mimamori.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIdentityTest {
  @TempDir Path dir;

  @Test
  void aKeyKeptBeforeEnrollingIsFoundAgainWithItsPublicKey() throws Exception {
    KeyPair pair = AgentIdentity.newKeyPair();
    AgentIdentity.saveKey(dir, pair.getPrivate());
    KeyPair again = AgentIdentity.pendingKey(dir).orElseThrow();
    assertThat(again.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
  }

  @Test
  void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
    AgentIdentity.saveKey(dir, AgentIdentity.newKeyPair().getPrivate());
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void noPendingKeyWithoutAKeyFile() throws Exception {
    assertThat(AgentIdentity.pendingKey(dir)).isEmpty();
  }

  @Test
  void aTokenWithoutItsCaPinIsRefused() {
    assertThatThrownBy(() -> AgentOptions.splitToken("mme_abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SECRET.CA-PIN");
  }

  @Test
  void aTokenSplitsIntoSecretAndPin() {
    String pin = "ab".repeat(32);
    assertThat(AgentOptions.splitToken("mme_x.y-z." + pin)).containsExactly("mme_x.y-z", pin);
  }
}
