package dev.mimamori.sensors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: the masker must never throw, must keep the text's length and every
 * non-digit character, may only turn digits into {@code *}, and must mask every generated card.
 */
class CardMaskerFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final String[] SEPARATORS = {"", "", " ", "-", "+", "%20", "%2D", "%2d"};
  private static final String CONTEXT = "abcxyzABC=&?/\"' _-+.:;[]()<>";

  @Test
  void neverThrowsKeepsLengthAndOnlyReplacesDigitsWithStars() {
    Random rnd = new Random(0xC0FFEEL);
    for (int it = 0; it < ITERATIONS; it++) {
      String in = digitHeavyText(rnd);

      String out = CardMasker.mask(in);

      assertThat(out.length()).as("length for %s", in).isEqualTo(in.length());
      boolean changed = false;
      for (int k = 0; k < in.length(); k++) {
        char a = in.charAt(k);
        char b = out.charAt(k);
        if (a != b) {
          changed = true;
          assertThat(a).as("changed char %d of %s", k, in).isBetween('0', '9');
          assertThat(b).as("replacement at %d of %s", k, in).isEqualTo('*');
        }
      }
      if (!changed) {
        assertThat(out).as("unchanged text is returned as is: %s", in).isSameAs(in);
      }
    }
  }

  @Test
  void neverThrowsOnRandomBytes() {
    Random rnd = new Random(42);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(200)];
      rnd.nextBytes(bytes);
      String in = new String(bytes, StandardCharsets.UTF_8);

      assertThat(CardMasker.mask(in)).hasSameSizeAs(in);
    }
  }

  @Test
  void masksEveryGeneratedCardWhateverItsSeparatorsAndSurroundings() {
    Random rnd = new Random(20261120L);
    for (int it = 0; it < ITERATIONS; it++) {
      String card = randomCard(rnd);
      StringBuilder written = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      int k = 0;
      while (k < card.length()) {
        int group = Math.min(card.length() - k, 1 + rnd.nextInt(6));
        for (int g = 0; g < group; g++, k++) {
          written.append(card.charAt(k));
          boolean keep = k < 6 || k >= card.length() - 4;
          expected.append(keep ? card.charAt(k) : '*');
        }
        if (k < card.length()) {
          String sep = SEPARATORS[rnd.nextInt(SEPARATORS.length)];
          written.append(sep);
          expected.append(sep);
        }
      }
      String prefix = context(rnd);
      String suffix = rnd.nextInt(4) == 0 ? " " + fourDigits(rnd) : context(rnd);
      String in = prefix + written + suffix;

      assertThat(CardMasker.mask(in))
          .as("card %s in %s", card, in)
          .isEqualTo(prefix + expected + suffix);
    }
  }

  private static String digitHeavyText(Random rnd) {
    int len = rnd.nextInt(120);
    StringBuilder b = new StringBuilder(len);
    for (int k = 0; k < len; k++) {
      int r = rnd.nextInt(100);
      if (r < 60) {
        b.append((char) ('0' + rnd.nextInt(10)));
      } else if (r < 75) {
        b.append(" -+".charAt(rnd.nextInt(3)));
      } else if (r < 82) {
        b.append(rnd.nextBoolean() ? "%20" : "%2D");
      } else if (r < 85) {
        b.append('%');
      } else {
        b.append(CONTEXT.charAt(rnd.nextInt(CONTEXT.length())));
      }
    }
    if (rnd.nextInt(3) == 0 && b.length() > 0) {
      b.insert(rnd.nextInt(b.length()), randomCard(rnd));
    }
    return b.toString();
  }

  private static String context(Random rnd) {
    int len = rnd.nextInt(8);
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < len; k++) {
      b.append(CONTEXT.charAt(rnd.nextInt(CONTEXT.length())));
    }
    return b.toString();
  }

  private static String fourDigits(Random rnd) {
    return String.format("%04d", rnd.nextInt(10_000));
  }

  /** A Luhn-valid Visa, Mastercard, Amex or JCB number. */
  static String randomCard(Random rnd) {
    String prefix;
    int len;
    switch (rnd.nextInt(4)) {
      case 0 -> {
        prefix = "4";
        len = 16;
      }
      case 1 -> {
        prefix = String.valueOf(51 + rnd.nextInt(5));
        len = 16;
      }
      case 2 -> {
        prefix = rnd.nextBoolean() ? "34" : "37";
        len = 15;
      }
      default -> {
        prefix = String.valueOf(3528 + rnd.nextInt(62));
        len = 16;
      }
    }
    StringBuilder b = new StringBuilder(prefix);
    while (b.length() < len - 1) {
      b.append((char) ('0' + rnd.nextInt(10)));
    }
    for (char check = '0'; check <= '9'; check++) {
      String candidate = b.toString() + check;
      if (luhnValid(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no Luhn check digit for " + b);
  }

  /** An independent Luhn check, so that the generator does not trust the code under test. */
  static boolean luhnValid(String digits) {
    int sum = 0;
    for (int k = 0; k < digits.length(); k++) {
      int d = digits.charAt(digits.length() - 1 - k) - '0';
      if (k % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }
}
