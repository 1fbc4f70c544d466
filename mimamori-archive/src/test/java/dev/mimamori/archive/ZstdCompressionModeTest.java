package dev.mimamori.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class ZstdCompressionModeTest {
  final ZstdCompressionMode mode = new ZstdCompressionMode();

  byte[] compress(byte[] chunk) throws Exception {
    ByteBuffersDataOutput in = new ByteBuffersDataOutput();
    in.writeBytes(chunk, chunk.length);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try (Compressor c = mode.newCompressor()) {
      c.compress(in.toDataInput(), out);
    }
    return out.toArrayCopy();
  }

  BytesRef decompress(byte[] stored, int originalLength, int offset, int length) throws Exception {
    BytesRef into = new BytesRef();
    // The kind of input Lucene reads chunks from: it reports reading past its end as EOF.
    ByteBuffersDataInput in = new ByteBuffersDataInput(List.of(ByteBuffer.wrap(stored)));
    mode.newDecompressor().decompress(in, originalLength, offset, length, into);
    return into;
  }

  @Test
  void readsBackWhatItCompressed() throws Exception {
    Random random = new Random(42);
    for (int size : new int[] {1, 17, 4096, 131_072, 700_000}) {
      byte[] chunk = new byte[size];
      random.nextBytes(chunk);
      BytesRef back = decompress(compress(chunk), size, 0, size);
      assertThat(Arrays.copyOfRange(back.bytes, back.offset, back.offset + back.length))
          .isEqualTo(chunk);
    }
  }

  @Test
  void returnsOnlyTheRequestedSliceOfTheChunk() throws Exception {
    byte[] chunk = "first line\nsecond line\nthird line\n".getBytes(StandardCharsets.UTF_8);
    BytesRef slice = decompress(compress(chunk), chunk.length, 11, 11);
    assertThat(slice.utf8ToString()).isEqualTo("second line");
  }

  @Test
  void readsAnEmptyChunk() throws Exception {
    assertThat(decompress(compress(new byte[0]), 0, 0, 0).length).isZero();
  }

  @Test
  void compressesRepetitiveLogLinesWell() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      b.append("203.0.113.")
          .append(i % 50)
          .append(" - - [21/Nov/2026:10:00:00 +0900] \"GET /products/detail/")
          .append(i)
          .append(" HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n");
    }
    byte[] chunk = b.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(compress(chunk).length).isLessThan(chunk.length / 8);
  }

  @Test
  void reportsGarbageAsACorruptIndex() throws Exception {
    byte[] garbage = new byte[64];
    new Random(7).nextBytes(garbage);
    garbage[0] = 40; // a plausible compressed length, then bytes that are no zstd frame
    assertThatThrownBy(() -> decompress(garbage, 100, 0, 100))
        .isInstanceOf(CorruptIndexException.class);
  }

  @Test
  void reportsACompressedLengthPastTheBoundAsACorruptIndex() throws Exception {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    out.writeVInt(1_000_000);
    assertThatThrownBy(() -> decompress(out.toArrayCopy(), 10, 0, 10))
        .isInstanceOf(CorruptIndexException.class);
  }

  @Test
  void reportsATruncatedChunkWithoutReadingPastIt() throws Exception {
    byte[] chunk = new byte[10_000];
    new Random(3).nextBytes(chunk);
    byte[] stored = compress(chunk);
    byte[] cut = Arrays.copyOf(stored, stored.length / 2);
    assertThatThrownBy(() -> decompress(cut, chunk.length, 0, chunk.length))
        .isInstanceOf(java.io.EOFException.class);
  }

  @Test
  void compressesFromSeveralBuffers() throws Exception {
    ByteBuffersDataOutput in = ByteBuffersDataOutput.newResettableInstance();
    byte[] part = new byte[3000];
    new Random(5).nextBytes(part);
    for (int i = 0; i < 40; i++) {
      in.writeBytes(part, part.length);
    }
    ByteBuffersDataInput input = in.toDataInput();
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try (Compressor c = mode.newCompressor()) {
      c.compress(input, out);
    }
    Decompressor d = mode.newDecompressor().clone();
    BytesRef back = new BytesRef();
    d.decompress(new ByteArrayDataInput(out.toArrayCopy()), 120_000, 117_000, 3000, back);
    assertThat(Arrays.copyOfRange(back.bytes, back.offset, back.offset + back.length))
        .isEqualTo(part);
  }
}
