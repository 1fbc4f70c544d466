package dev.mimamori.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Stored-field chunks compressed with Zstandard (native, level 1): smaller than Lucene's LZ4 and no
 * Java compression code for the JIT to compile during a one-shot ingest.
 *
 * <p>A chunk is written as its compressed length (vInt) and the compressed bytes.
 */
final class ZstdCompressionMode extends CompressionMode {
  static final int LEVEL = 1;

  /** Whether the native library loads on this platform. */
  static final boolean AVAILABLE = loads();

  private static boolean loads() {
    try {
      com.github.luben.zstd.util.Native.load();
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Compressor newCompressor() {
    return new ZstdCompressor();
  }

  @Override
  public Decompressor newDecompressor() {
    return new ZstdDecompressor();
  }

  @Override
  public String toString() {
    return "ZSTD(level=" + LEVEL + ")";
  }

  private static final class ZstdCompressor extends Compressor {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(LEVEL);
    private byte[] in = new byte[0];
    private byte[] out = new byte[0];

    @Override
    public void compress(ByteBuffersDataInput buffers, DataOutput target) throws IOException {
      int len = Math.toIntExact(buffers.length());
      in = ArrayUtil.growNoCopy(in, len);
      buffers.readBytes(in, 0, len);
      int bound = Math.toIntExact(Zstd.compressBound(len));
      out = ArrayUtil.growNoCopy(out, bound);
      int n = ctx.compressByteArray(out, 0, bound, in, 0, len);
      target.writeVInt(n);
      target.writeBytes(out, 0, n);
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  private static final class ZstdDecompressor extends Decompressor {
    private byte[] compressed = new byte[0];

    @Override
    public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes)
        throws IOException {
      int n = in.readVInt();
      if (originalLength < 0 || n < 0 || n > Zstd.compressBound(originalLength)) {
        throw new CorruptIndexException(
            "zstd chunk of " + n + " bytes for " + originalLength + " bytes of fields", in);
      }
      compressed = ArrayUtil.growNoCopy(compressed, n);
      in.readBytes(compressed, 0, n);
      bytes.bytes = ArrayUtil.growNoCopy(bytes.bytes, originalLength);
      if (originalLength > 0) {
        long got;
        try {
          got = Zstd.decompressByteArray(bytes.bytes, 0, originalLength, compressed, 0, n);
        } catch (RuntimeException e) {
          throw new CorruptIndexException("zstd chunk: " + e.getMessage(), in, e);
        }
        if (Zstd.isError(got) || got != originalLength) {
          throw new CorruptIndexException(
              "zstd chunk: expected " + originalLength + " bytes, got " + got, in);
        }
      }
      bytes.offset = offset;
      bytes.length = length;
    }

    @Override
    public Decompressor clone() {
      return new ZstdDecompressor();
    }
  }
}
