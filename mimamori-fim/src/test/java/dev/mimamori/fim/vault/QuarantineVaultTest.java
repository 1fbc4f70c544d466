package dev.mimamori.fim.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineVaultTest {
  @TempDir Path temp;
  Path shell;
  Path data;
  QuarantineVault vault;

  @BeforeEach
  void setUp() throws IOException {
    shell = temp.resolve("www/html/user_data/page.php");
    Files.createDirectories(shell.getParent());
    Files.writeString(shell, "<?php @eval($_POST['x']);\n");
    Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rw-r-----"));
    Files.setLastModifiedTime(shell, FileTime.fromMillis(1_600_000_000_000L));
    data = temp.resolve("data");
    vault = new QuarantineVault(data, Clock.systemUTC(), null);
    sha = sha256(Files.readAllBytes(shell));
  }

  private static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void quarantineRemovesTheFileFromTheWebRoot() throws IOException {
    vault.quarantine(shell, "alice", "web shell", false);
    assertThat(shell).doesNotExist();
  }

  @Test
  void theVaultHoldsNoPlainCopy() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    byte[] stored =
        Files.readAllBytes(data.resolve("vault").resolve(e.id()).resolve("content.enc"));
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("eval");
  }

  @Test
  void evidenceRecordsHashPathModeAndWho() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    assertThat(new Object[] {e.sha256(), e.path(), e.mode(), e.by()})
        .containsExactly(sha, shell.toString(), "0640", "alice");
  }

  private String sha;

  @Test
  void restorePutsTheFileBackByteForByte() throws IOException {
    byte[] original = Files.readAllBytes(shell);
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    vault.restore(e.id(), false);
    assertThat(Files.readAllBytes(shell)).isEqualTo(original);
  }

  @Test
  void restorePutsBackModeAndMtime() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    vault.restore(e.id(), false);
    assertThat(
            new Object[] {
              PosixFilePermissions.toString(Files.getPosixFilePermissions(shell)),
              Files.getLastModifiedTime(shell).toMillis()
            })
        .containsExactly("rw-r-----", 1_600_000_000_000L);
  }

  @Test
  void aStubIsInertPhpThatNamesTheEntry() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", true);
    assertThat(Files.readString(shell))
        .contains("quarantined by mimamori: " + e.id())
        .contains("exit;")
        .doesNotContain("eval");
  }

  @Test
  void restoreReplacesItsOwnStub() throws IOException {
    byte[] original = Files.readAllBytes(shell);
    Evidence e = vault.quarantine(shell, "alice", "web shell", true);
    vault.restore(e.id(), false);
    assertThat(Files.readAllBytes(shell)).isEqualTo(original);
  }

  @Test
  void restoreDoesNotOverwriteAnotherFileWithoutForce() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    Files.writeString(shell, "<?php echo 'new page';\n");
    assertThatThrownBy(() -> vault.restore(e.id(), false)).hasMessageContaining("--force");
  }

  @Test
  void restoreFindsTheEntryByOriginalPath() throws IOException {
    vault.quarantine(shell, "alice", "web shell", false);
    vault.restore(shell.toString(), false);
    assertThat(shell).exists();
  }

  @Test
  void aTamperedVaultFileIsRefusedAndNothingIsRestored() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    Path enc = data.resolve("vault").resolve(e.id()).resolve("content.enc");
    byte[] b = Files.readAllBytes(enc);
    b[b.length - 1] ^= 1;
    Files.write(enc, b);
    assertThatThrownBy(() -> vault.restore(e.id(), false)).hasMessageContaining("authentication");
    assertThat(shell).doesNotExist();
  }

  @Test
  void aFolderIsNotQuarantined() {
    assertThatThrownBy(() -> vault.quarantine(shell.getParent(), "alice", "x", false))
        .hasMessageContaining("not a regular file");
  }

  @Test
  void listShowsEveryEntry() throws IOException {
    vault.quarantine(shell, "alice", "web shell", false);
    assertThat(vault.list()).hasSize(1);
  }

  @Test
  void theKeyFileIsPrivate() throws IOException {
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("vault/vault.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aKeyFromTheEnvironmentIsUsed() throws IOException {
    byte[] k = new byte[32];
    k[0] = 7;
    QuarantineVault other =
        new QuarantineVault(
            temp.resolve("d2"), Clock.systemUTC(), Base64.getEncoder().encodeToString(k));
    Evidence e = other.quarantine(shell, "bob", "x", false);
    assertThat(other.restore(e.id(), false).restoredAt()).isNotNull();
  }

  @Test
  void chunkedCipherRoundTripsSeveralChunks() throws IOException {
    byte[] plain = new byte[ChunkedCipher.CHUNK * 2 + 123];
    new Random(1).nextBytes(plain);
    var key = new SecretKeySpec(new byte[32], "AES");
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    ChunkedCipher.encrypt(key, new ByteArrayInputStream(plain), enc);
    ByteArrayOutputStream dec = new ByteArrayOutputStream();
    ChunkedCipher.decrypt(key, new ByteArrayInputStream(enc.toByteArray()), dec);
    assertThat(dec.toByteArray()).isEqualTo(plain);
  }

  @Test
  void aCutShortVaultFileIsRefused() throws IOException {
    byte[] plain = new byte[ChunkedCipher.CHUNK + 10];
    var key = new SecretKeySpec(new byte[32], "AES");
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    ChunkedCipher.encrypt(key, new ByteArrayInputStream(plain), enc);
    byte[] firstChunkOnly =
        java.util.Arrays.copyOf(enc.toByteArray(), 8 + 4 + ChunkedCipher.CHUNK + 16);
    assertThatThrownBy(
            () ->
                ChunkedCipher.decrypt(
                    key, new ByteArrayInputStream(firstChunkOnly), new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void anEmptyFileRoundTrips() throws IOException {
    var key = new SecretKeySpec(new byte[32], "AES");
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    ChunkedCipher.encrypt(key, new ByteArrayInputStream(new byte[0]), enc);
    ByteArrayOutputStream dec = new ByteArrayOutputStream();
    ChunkedCipher.decrypt(key, new ByteArrayInputStream(enc.toByteArray()), dec);
    assertThat(dec.size()).isZero();
  }

  @Test
  void aLinkPlantedUnderAnOldTempNameIsNotFollowedByTheStub() throws IOException {
    Path victim = Files.writeString(temp.resolve("victim.txt"), "keep me");
    Files.createSymbolicLink(shell.resolveSibling(".page.php.mimamori-stub"), victim);
    vault.quarantine(shell, "alice", "web shell", true);
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test
  void theStubOfAWorldWritableShellIsNotWritableByOthers() throws IOException {
    Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwxrwxrwx"));
    vault.quarantine(shell, "alice", "web shell", true);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shell)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void restoreLeavesNoTemporaryFileBehind() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    vault.restore(e.id(), false);
    try (var s = Files.list(shell.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("page.php");
    }
  }

  @Test
  void twoFilesGetDifferentNoncePrefixes() throws IOException {
    var key = new SecretKeySpec(new byte[32], "AES");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ChunkedCipher.encrypt(key, new ByteArrayInputStream(new byte[10]), a);
    ChunkedCipher.encrypt(key, new ByteArrayInputStream(new byte[10]), b);
    assertThat(java.util.Arrays.copyOfRange(a.toByteArray(), 4, 12))
        .isNotEqualTo(java.util.Arrays.copyOfRange(b.toByteArray(), 4, 12));
  }

  @Test
  void editedEvidenceIsRefused() throws IOException {
    Evidence e = vault.quarantine(shell, "alice", "web shell", false);
    Path ev = data.resolve("vault").resolve(e.id()).resolve("evidence.properties");
    Files.writeString(ev, Files.readString(ev).replace(shell.toString(), "/etc/cron.d/evil"));
    assertThatThrownBy(() -> vault.restore(e.id(), false)).hasMessageContaining("authentication");
  }

  @Test
  void leavesNothingButTheStubInTheFolder() throws IOException {
    vault.quarantine(shell, "alice", "web shell", true);
    try (var s = Files.list(shell.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("page.php");
    }
  }

  @Test
  void aFileReachedThroughALinkedFolderIsQuarantinedFromTheRealFolder() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("current"), shell.getParent());
    vault.quarantine(link.resolve("page.php"), "alice", "web shell", false);
    assertThat(shell).doesNotExist();
  }
}
