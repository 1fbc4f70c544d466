package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFormatTest {
  @TempDir Path temp;

  private static final BaselineHeader HEADER =
      new BaselineHeader("/srv/shop", 1L, "eccube4", "4.2.1");

  @Test
  void recordsRoundTrip() throws IOException {
    Path file = temp.resolve("b.bin");
    FileRecord r =
        new FileRecord(
            "html/a.php", FileKind.FILE, 12, 0644, 33, 33, 5, 6, 7, new byte[32], null, 99);
    FileRecord link =
        new FileRecord("html/l", FileKind.SYMLINK, 1, 0777, 0, 0, 5, 6, 8, null, "../x", -1);
    try (BaselineWriter w = new BaselineWriter(file, HEADER)) {
      w.write(r);
      w.write(link);
      w.commit();
    }
    try (BaselineReader reader = new BaselineReader(file)) {
      assertThat(new Object[] {reader.header(), reader.next(), reader.next(), reader.next()})
          .containsExactly(HEADER, r, link, null);
    }
  }

  @Test
  void refusesRecordsOutOfOrder() throws IOException {
    try (BaselineWriter w = new BaselineWriter(temp.resolve("b.bin"), HEADER)) {
      w.write(new FileRecord("b", FileKind.FILE, 0, 0, 0, 0, 0, 0, 0, null, null, -1));
      assertThatThrownBy(
              () ->
                  w.write(new FileRecord("a", FileKind.FILE, 0, 0, 0, 0, 0, 0, 0, null, null, -1)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anUncommittedBaselineLeavesNoFile() throws IOException {
    Path file = temp.resolve("b.bin");
    try (BaselineWriter w = new BaselineWriter(file, HEADER)) {
      w.write(new FileRecord("a", FileKind.FILE, 0, 0, 0, 0, 0, 0, 0, null, null, -1));
    }
    assertThat(Files.list(temp)).isEmpty();
  }

  @Test
  void randomBytesAreRefusedWithAnIoException() throws IOException {
    Random random = new Random(42);
    Path file = temp.resolve("junk.bin");
    for (int i = 0; i < 500; i++) {
      byte[] junk = new byte[random.nextInt(300)];
      random.nextBytes(junk);
      Files.write(file, junk);
      assertThatThrownBy(() -> readAll(file)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void corruptedRecordsAreRefusedWithAnIoException() throws IOException {
    Path file = temp.resolve("b.bin");
    try (BaselineWriter w = new BaselineWriter(file, HEADER)) {
      for (int i = 0; i < 20; i++) {
        w.write(
            new FileRecord(
                "f" + (char) ('a' + i),
                FileKind.FILE,
                i,
                0644,
                0,
                0,
                0,
                0,
                i,
                new byte[32],
                null,
                -1));
      }
      w.commit();
    }
    byte[] good = Files.readAllBytes(file);
    Random random = new Random(7);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bad = good.clone();
      int at = 80 + random.nextInt(bad.length - 80);
      bad[at] = (byte) random.nextInt(256);
      Files.write(file, bad);
      try {
        readAll(file);
      } catch (IOException e) {
        refused++;
      }
    }
    // A flipped byte inside a hash or a time still parses; structure damage is always caught.
    assertThat(refused).isPositive();
  }

  private static void readAll(Path file) throws IOException {
    try (BaselineReader r = new BaselineReader(file)) {
      while (r.next() != null) {
        // reading is the test
      }
    }
  }
}
