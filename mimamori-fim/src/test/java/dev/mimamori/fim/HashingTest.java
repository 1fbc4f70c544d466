package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HashingTest {
  @TempDir Path temp;

  private static final int KEEP = ContentPack.MAX_KEPT;

  /** Sizes around every edge: empty, one block, the stream chunk, the kept limit. */
  static int[] sizes() {
    int chunk = Hashing.chunk();
    return new int[] {
      0, 1, 63, 64, 65, 8191, chunk - 1, chunk, chunk + 1, KEEP - 1, KEEP, KEEP + 1, 3 * KEEP + 7
    };
  }

  private Path file(int size) throws IOException {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return Files.write(temp.resolve("f" + size), b);
  }

  private static byte[] sha256(Path p) throws IOException {
    return Hashing.sha256().digest(Files.readAllBytes(p));
  }

  /** libcrypto (libssl3) is on every Debian system, and libyara, which the tests need, needs it. */
  @Test
  void libcryptoIsUsed() {
    assertThat(NativeSha256.AVAILABLE).isTrue();
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void libcryptoHashesAFileAsTheJdkDoes(int size) throws IOException {
    Path f = file(size);
    assertThat(Hashing.hash(f, KEEP, size, false, false, true).sha256()).isEqualTo(sha256(f));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void theJdkPathHashesAFileAsTheJdkDoes(int size) throws IOException {
    Path f = file(size);
    assertThat(Hashing.hash(f, KEEP, size, false, false, false).sha256()).isEqualTo(sha256(f));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void aFileNotKeptIsHashedInOneReadOrStreamed(int size) throws IOException {
    Path f = file(size);
    assertThat(Hashing.hash(f, 0, size, false, false, true).sha256()).isEqualTo(sha256(f));
  }

  /** Text: random bytes without a NUL. */
  private Path textFile(int size) throws IOException {
    byte[] b = new byte[size];
    Random r = new Random(size);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (1 + r.nextInt(255));
    }
    return Files.write(temp.resolve("t" + size), b);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void aLentContentHoldsTheWholeTextFile(int size) throws IOException {
    Path f = textFile(size);
    Hashing.Result r = Hashing.hash(f, KEEP, size, false, true, true);
    byte[] expected = size <= KEEP ? Files.readAllBytes(f) : null;
    assertThat(r.contentCopy()).isEqualTo(expected);
  }

  @Test
  void aLentContentThatIsNotTextIsNotKept() throws IOException {
    Path f = Files.write(temp.resolve("x.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    assertThat(Hashing.hash(f, KEEP, 6, false, true, true).content()).isNull();
  }

  /** Where the first NUL is, if anywhere: at the start, at the probe's last byte, just past it. */
  static int[] nulAt() {
    return new int[] {-1, 0, DiffSummary.TEXT_PROBE - 1, DiffSummary.TEXT_PROBE};
  }

  @ParameterizedTest
  @MethodSource("nulAt")
  void libcryptoTellsTextAsDiffSummaryDoes(int nul) throws IOException {
    byte[] b = new byte[DiffSummary.TEXT_PROBE + 10];
    Arrays.fill(b, (byte) 'a');
    if (nul >= 0) {
      b[nul] = 0;
    }
    Path f = Files.write(temp.resolve("n" + nul), b);
    assertThat(Hashing.hash(f, KEEP, b.length, false, true, true).text())
        .isEqualTo(DiffSummary.isText(b));
  }

  @ParameterizedTest
  @MethodSource("nulAt")
  void theJdkPathTellsTextAsDiffSummaryDoes(int nul) throws IOException {
    byte[] b = new byte[DiffSummary.TEXT_PROBE + 10];
    Arrays.fill(b, (byte) 'a');
    if (nul >= 0) {
      b[nul] = 0;
    }
    Path f = Files.write(temp.resolve("n" + nul), b);
    assertThat(Hashing.hash(f, KEEP, b.length, false, true, false).text())
        .isEqualTo(DiffSummary.isText(b));
  }

  @Test
  void aFileThatGrewSinceItWasListedIsHashedWhole() throws IOException {
    Path f = file(5000);
    assertThat(Hashing.hash(f, KEEP, 4000, false, true, true).bytes()).isEqualTo(5000);
  }

  @Test
  void aFileThatGrewSinceItWasListedHasTheHashOfAllItsBytes() throws IOException {
    Path f = file(5000);
    assertThat(Hashing.hash(f, KEEP, 4000, false, true, true).sha256()).isEqualTo(sha256(f));
  }

  @Test
  void aFileThatShrankSinceItWasListedHasTheHashOfWhatItHolds() throws IOException {
    Path f = file(3000);
    assertThat(Hashing.hash(f, KEEP, 4000, false, false, true).sha256()).isEqualTo(sha256(f));
  }

  @Test
  void aPhpTagPastTheKeptSizeIsFound() throws IOException {
    byte[] padding = new byte[KEEP + 100];
    byte[] tag = "<?php system($_GET[1]);".getBytes(StandardCharsets.US_ASCII);
    Path f = Files.write(temp.resolve("polyglot.gif"), padding);
    Files.write(f, tag, java.nio.file.StandardOpenOption.APPEND);
    assertThat(Hashing.hash(f, KEEP, Files.size(f), true, true, true).phpTag()).isTrue();
  }

  @Test
  void aSmallFileWithAPhpTagIsFoundThoughContentIsLent() throws IOException {
    Path f = Files.writeString(temp.resolve("x.jpg"), "GIF89a<?php eval($_POST[1]);");
    assertThat(Hashing.hash(f, KEEP, Files.size(f), true, true, true).phpTag()).isTrue();
  }

  @Test
  void aSymbolicLinkIsNotFollowed() throws IOException {
    Path target = file(10);
    Path link = Files.createSymbolicLink(temp.resolve("link"), target);
    assertThatThrownBy(() -> Hashing.hash(link, KEEP, 10, false, true, true))
        .isInstanceOf(IOException.class);
  }
}
