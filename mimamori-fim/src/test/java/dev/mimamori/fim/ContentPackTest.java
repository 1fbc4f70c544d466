package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentPackTest {
  @TempDir Path temp;

  /** Text of many sizes, each in a buffer longer than itself holding another file's leftovers. */
  private static List<byte[]> texts() {
    Random r = new Random(7);
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      int lines = r.nextInt(i % 50 == 0 ? 20_000 : 200);
      for (int l = 0; l < lines; l++) {
        b.append("line ").append(r.nextInt(i + 2)).append(" echo $x;\n");
      }
      all.add(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return all;
  }

  private static List<Long> appendLent(ContentPack pack, List<byte[]> texts) throws IOException {
    byte[] lent = new byte[ContentPack.MAX_KEPT + 1];
    Arrays.fill(lent, (byte) 'z');
    List<Long> refs = new ArrayList<>();
    for (byte[] t : texts) {
      System.arraycopy(t, 0, lent, 0, t.length);
      refs.add(pack.append(lent, t.length));
    }
    return refs;
  }

  private static List<byte[]> readAll(ContentPack pack, List<Long> refs) throws IOException {
    List<byte[]> back = new ArrayList<>();
    for (long ref : refs) {
      back.add(pack.read(ref));
    }
    return back;
  }

  @Test
  void copiesFromALentBufferReadBackWhileStillGathered() throws IOException {
    List<byte[]> texts = texts();
    try (ContentPack pack = ContentPack.create(temp.resolve("p"))) {
      List<Long> refs = appendLent(pack, texts);
      assertThat(readAll(pack, refs)).containsExactlyElementsOf(texts);
    }
  }

  @Test
  void copiesReadBackAfterThePackIsReopened() throws IOException {
    List<byte[]> texts = texts();
    List<Long> refs;
    try (ContentPack pack = ContentPack.create(temp.resolve("p"))) {
      refs = appendLent(pack, texts);
    }
    try (ContentPack pack = ContentPack.open(temp.resolve("p"))) {
      assertThat(readAll(pack, refs)).containsExactlyElementsOf(texts);
    }
  }

  @Test
  void copiesAppendedToAReopenedPackLieAfterTheOldOnes() throws IOException {
    List<byte[]> texts = texts();
    List<Long> first;
    try (ContentPack pack = ContentPack.create(temp.resolve("p"))) {
      first = appendLent(pack, texts.subList(0, 100));
    }
    try (ContentPack pack = ContentPack.open(temp.resolve("p"))) {
      List<Long> refs = new ArrayList<>(first);
      refs.addAll(appendLent(pack, texts.subList(100, 300)));
      assertThat(readAll(pack, refs)).containsExactlyElementsOf(texts);
    }
  }

  /** A pack written before the compressor's tables were reused per thread. */
  @Test
  void aCopyWrittenByLucenesFastCompressorReadsBack() throws IOException {
    byte[] text = texts().get(50);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    CompressionMode.FAST
        .newCompressor()
        .compress(new ByteBuffersDataInput(List.of(ByteBuffer.wrap(text))), out);
    byte[] packed = out.toArrayCopy();
    Path file = temp.resolve("old");
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8).putInt(text.length).putInt(packed.length).flip());
      ch.write(ByteBuffer.wrap(packed));
    }
    try (ContentPack pack = ContentPack.open(file)) {
      assertThat(pack.read(0)).isEqualTo(text);
    }
  }

  @Test
  void closingTwiceIsHarmless() throws IOException {
    ContentPack pack = ContentPack.create(temp.resolve("p"));
    long ref = pack.append("abc\n".getBytes(StandardCharsets.UTF_8));
    pack.close();
    pack.close();
    try (ContentPack again = ContentPack.open(temp.resolve("p"))) {
      assertThat(again.read(ref)).isEqualTo("abc\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
