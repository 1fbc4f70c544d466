package dev.mimamori.detect.behaviour;

import org.jspecify.annotations.Nullable;

/**
 * How many distinct values were added, estimated in a fixed 1 KiB whatever their number: a
 * HyperLogLog sketch (Flajolet et al., 2007) with 1,024 registers (standard error about 3 %), read
 * by linear counting below 2,560 values, where it is close to exact. The estimate is kept up to
 * date as registers change, so reading it costs nothing per event.
 */
final class DistinctCounter {
  private static final int P = 10;
  private static final int M = 1 << P;
  private static final double ALPHA = 0.7213 / (1 + 1.079 / M);

  /** Registers set since the last clear, by index, as long as there are few of them. */
  private static final int TRACKED = 64;

  private final byte[] registers = new byte[M];
  private final short[] touched = new short[TRACKED];
  private double sum = M;
  private int zeros = M;
  private @Nullable String lastValue;
  private long lastHash;

  /** Adds a value; {@code true} when the estimate may have grown (a register changed). */
  boolean add(String value) {
    // A visitor's requests come one after another, with one instance of the address (the parsers
    // keep the texts seen lately): its hash is read again, not computed again.
    long h;
    if (value == lastValue) {
      h = lastHash;
    } else {
      h = hash(value);
      lastValue = value;
      lastHash = h;
    }
    int index = (int) (h >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
    int old = registers[index];
    if (rank <= old) {
      return false;
    }
    if (old == 0) {
      int set = M - zeros;
      if (set < TRACKED) {
        touched[set] = (short) index;
      }
      zeros--;
    }
    sum += Math.scalb(1.0, -rank) - Math.scalb(1.0, -old);
    registers[index] = (byte) rank;
    return true;
  }

  long estimate() {
    double raw = ALPHA * M * M / sum;
    if (raw <= 2.5 * M && zeros > 0) {
      return Math.round(M * Math.log((double) M / zeros));
    }
    return Math.round(raw);
  }

  /**
   * Starts afresh. A shop that sees a few addresses a minute clears the few registers they set, not
   * all 1,024.
   */
  void clear() {
    int set = M - zeros;
    if (set <= TRACKED) {
      for (int i = 0; i < set; i++) {
        registers[touched[i]] = 0;
      }
    } else {
      java.util.Arrays.fill(registers, (byte) 0);
    }
    sum = M;
    zeros = M;
  }

  /** FNV-1a over the characters, then MurmurHash3's finalizer so that every bit is mixed. */
  static long hash(String s) {
    // Over the characters, not from String.hashCode: addresses an attacker chooses (an IPv6
    // network) with one 32-bit hash would count as one and hide a surge.
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** How many registers are set (tests). */
  int setRegisters() {
    return M - zeros;
  }
}
