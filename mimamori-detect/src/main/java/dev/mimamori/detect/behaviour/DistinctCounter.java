package dev.mimamori.detect.behaviour;

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

  /** Adds a value; {@code true} when the estimate may have grown (a register changed). */
  boolean add(String value) {
    long h = hash(value);
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

  /**
   * The string's own hash (kept in the string, and the parsers hand out one instance of an address
   * seen lately) with its length, through MurmurHash3's 64-bit finalizer so that every bit is
   * mixed.
   */
  static long hash(String s) {
    long h = (s.hashCode() & 0xffffffffL) | (long) s.length() << 32;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
