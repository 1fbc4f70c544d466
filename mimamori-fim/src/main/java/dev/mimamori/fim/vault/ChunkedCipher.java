package dev.mimamori.fim.vault;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over a stream in 1 MiB chunks, so a file of any size is encrypted and checked with
 * flat memory. Each chunk has its own nonce (a random 64-bit prefix per file and the chunk number)
 * and carries its number and whether it is the last as associated data, so chunks cannot be
 * reordered, dropped or the stream cut short without the decryption failing.
 */
final class ChunkedCipher {
  static final int CHUNK = 1 << 20;
  private static final int TAG_BITS = 128;
  private static final byte[] MAGIC = {'M', 'M', 'Q', '2'};

  /** Random per file: 64 bits, so files under one long-lived key do not share nonces. */
  private static final int PREFIX = 8;

  private ChunkedCipher() {}

  static void encrypt(SecretKey key, InputStream in, OutputStream out) throws IOException {
    byte[] prefix = new byte[PREFIX];
    new SecureRandom().nextBytes(prefix);
    out.write(MAGIC);
    out.write(prefix);
    byte[] buf = new byte[CHUNK];
    byte[] next = new byte[CHUNK];
    int n = in.readNBytes(buf, 0, CHUNK);
    long index = 0;
    while (true) {
      int m = n == CHUNK ? in.readNBytes(next, 0, CHUNK) : 0;
      boolean last = m == 0;
      byte[] sealed = seal(key, prefix, index, last, buf, n);
      out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
      out.write(sealed);
      if (last) {
        return;
      }
      byte[] t = buf;
      buf = next;
      next = t;
      n = m;
      index++;
    }
  }

  static void decrypt(SecretKey key, InputStream raw, OutputStream out) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] magic = new byte[4];
    byte[] prefix = new byte[PREFIX];
    try {
      in.readFully(magic);
      in.readFully(prefix);
    } catch (EOFException e) {
      throw new IOException("vault file truncated", e);
    }
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a mimamori vault file");
    }
    long index = 0;
    while (true) {
      int len;
      try {
        len = in.readInt();
      } catch (EOFException e) {
        throw new IOException("vault file truncated: no last chunk", e);
      }
      if (len < TAG_BITS / 8 || len > CHUNK + TAG_BITS / 8) {
        throw new IOException("vault file corrupt: chunk of " + len + " bytes");
      }
      byte[] sealed = new byte[len];
      in.readFully(sealed);
      byte[] plain;
      boolean last;
      try {
        plain = open(key, prefix, index, false, sealed);
        last = false;
      } catch (GeneralSecurityException notMiddle) {
        try {
          plain = open(key, prefix, index, true, sealed);
          last = true;
        } catch (GeneralSecurityException e) {
          throw new IOException(
              "vault file fails authentication at chunk " + index + " (wrong key or tampered)", e);
        }
      }
      out.write(plain);
      if (last) {
        if (in.read() != -1) {
          throw new IOException("vault file corrupt: data after the last chunk");
        }
        return;
      }
      index++;
    }
  }

  private static byte[] seal(
      SecretKey key, byte[] prefix, long index, boolean last, byte[] data, int n)
      throws IOException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
      c.updateAAD(aad(index, last));
      return c.doFinal(data, 0, n);
    } catch (GeneralSecurityException e) {
      throw new IOException("encryption failed", e);
    }
  }

  private static byte[] open(SecretKey key, byte[] prefix, long index, boolean last, byte[] sealed)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
    c.updateAAD(aad(index, last));
    return c.doFinal(sealed);
  }

  private static byte[] nonce(byte[] prefix, long index) {
    if (index > Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 chunks in one file");
    }
    return ByteBuffer.allocate(12).put(prefix).putInt((int) index).array();
  }

  private static byte[] aad(long index, boolean last) {
    return ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array();
  }
}
