package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The star-segment matcher agrees with a regular expression translation of the same value. */
class GlobTest {
  @Test
  void agreesWithARegexTranslationOnRandomValues() {
    Random rnd = new Random(5);
    for (int round = 0; round < 20_000; round++) {
      String value = random(rnd, "ab*?", rnd.nextInt(8));
      String text = random(rnd, "ab", rnd.nextInt(10));
      Pattern regex = Pattern.compile(value.replace("*", ".*").replace("?", "."), Pattern.DOTALL);

      boolean glob = Glob.compile(SigmaString.parse(value), true).matches(text);

      assertThat(glob).as(value + " ~ " + text).isEqualTo(regex.matcher(text).matches());
    }
  }

  @Test
  void longestLiteralSkipsWildcards() {
    assertThat(Glob.compile(SigmaString.parse("*ab?cdef*g"), false).longestLiteral())
        .isEqualTo("cdef");
  }

  private static String random(Random rnd, String alphabet, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
