package dev.mimamori.fim;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * SHA-256 by OpenSSL's libcrypto (which uses the CPU's SHA extensions where present), called
 * through JNA's direct mapping on bytes read straight into native memory. The JDK's SHA-256 is only
 * fast once C2 has compiled it into its SHA-NI intrinsic, and C2 spent more CPU compiling a
 * baseline's code than the hashing itself; with the hash native, the one-shot {@code fim} commands
 * run with C1 alone (see the launcher). Where libcrypto is missing, {@link #AVAILABLE} is false and
 * {@link Hashing} uses the JDK.
 */
final class NativeSha256 {
  /** OpenSSL's {@code SHA256_CTX} is 112 bytes; room to spare. */
  private static final int CONTEXT = 256;

  private static final String[] NAMES = {"crypto", "libcrypto.so.3", "libcrypto.so.1.1"};

  static final boolean AVAILABLE = load();

  private NativeSha256() {}

  private static boolean load() {
    if (Boolean.getBoolean("mimamori.fim.jdkSha256") || Native.SIZE_T_SIZE != 8) {
      return false;
    }
    for (String name : NAMES) {
      try {
        Native.register(NativeSha256.class, NativeLibrary.getInstance(name));
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        return selfTest();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        // try the next name
      }
    }
    return false;
  }

  private static native int SHA256_Init(Pointer context);

  private static native int SHA256_Update(Pointer context, Pointer data, long length);

  private static native int SHA256_Final(Pointer digest, Pointer context);

  /** The C library's memchr: a text check in native memory instead of a byte loop in C1 code. */
  private static final class Libc {
    private Libc() {}

    static native Pointer memchr(Pointer s, int c, long n);
  }

  /** The library gives what the JDK gives, or it is not used. */
  private static boolean selfTest() {
    byte[] probe = "mimamori".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    State s = new State(64);
    s.buffer.put(0, probe);
    s.begin();
    s.update(0, probe.length);
    return Arrays.equals(s.digest(), Hashing.sha256().digest(probe))
        && !s.hasNul(0, probe.length)
        && s.hasNul(0, probe.length + 1);
  }

  /** One thread's context and a direct buffer that reads land in. */
  static final class State {
    final ByteBuffer buffer;
    private final Pointer address;
    private final Memory context = new Memory(CONTEXT);
    private final Memory out = new Memory(32);

    State(int capacity) {
      buffer = ByteBuffer.allocateDirect(capacity);
      address = Native.getDirectBufferPointer(buffer);
    }

    void begin() {
      check(SHA256_Init(context));
    }

    /** Hashes {@code buffer[from, from + length)}. */
    void update(int from, int length) {
      if (length > 0) {
        check(SHA256_Update(context, from == 0 ? address : address.share(from), length));
      }
    }

    /** True when {@code buffer[from, from + length)} holds a NUL byte. */
    boolean hasNul(int from, int length) {
      return length > 0
          && Libc.memchr(from == 0 ? address : address.share(from), 0, length) != null;
    }

    byte[] digest() {
      check(SHA256_Final(out, context));
      return out.getByteArray(0, 32);
    }

    private static void check(int ok) {
      if (ok != 1) {
        throw new IllegalStateException("libcrypto SHA-256 failed");
      }
    }
  }
}
