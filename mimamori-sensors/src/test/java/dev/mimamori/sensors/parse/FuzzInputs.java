package dev.mimamori.sensors.parse;

import java.util.Random;
import java.util.function.Function;

/** What the seeded-random fuzz tests of every format share: mutations of real lines, and words. */
public final class FuzzInputs {
  private FuzzInputs() {}

  /**
   * One to four mutations of {@code seed}: a character of {@code nasty} inserted or written over, a
   * character deleted, the rest cut off, a piece repeated, or {@code insert}'s text inserted.
   */
  public static String mutate(
      String seed, Random rnd, String nasty, Function<Random, String> insert) {
    StringBuilder b = new StringBuilder(seed);
    int mutations = 1 + rnd.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
      switch (rnd.nextInt(6)) {
        case 0 -> b.insert(at, nasty.charAt(rnd.nextInt(nasty.length())));
        case 1 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        case 2 -> {
          if (b.length() > 0) {
            b.setCharAt(at, nasty.charAt(rnd.nextInt(nasty.length())));
          }
        }
        case 3 -> b.setLength(at);
        case 4 -> {
          int end = Math.min(b.length(), at + rnd.nextInt(20));
          b.insert(at, b.substring(at, end));
        }
        default -> b.insert(at, insert.apply(rnd));
      }
    }
    return b.toString();
  }

  /** A lower-case word of 1 to 10 letters. */
  public static String word(Random rnd) {
    int len = 1 + rnd.nextInt(10);
    StringBuilder b = new StringBuilder(len);
    for (int k = 0; k < len; k++) {
      b.append((char) ('a' + rnd.nextInt(26)));
    }
    return b.toString();
  }
}
