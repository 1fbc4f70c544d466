package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
  private static Set<Integer> found(List<String> patterns, String text) {
    Set<Integer> ids = new TreeSet<>();
    new AhoCorasick(patterns).search(text, ids::add);
    return ids;
  }

  @Test
  void findsOverlappingAndNestedPatterns() {
    assertThat(found(List.of("he", "she", "his", "hers"), "ushers")).containsExactly(0, 1, 3);
  }

  @Test
  void findsNonAsciiPatterns() {
    assertThat(found(List.of("カート", "\u2013c"), "x\u2013c /カート/")).containsExactly(0, 1);
  }

  @Test
  void reportsEveryOccurrence() {
    List<Integer> hits = new ArrayList<>();
    new AhoCorasick(List.of("aa")).search("aaaa", hits::add);

    assertThat(hits).hasSize(3);
  }

  @Test
  void agreesWithStringContainsOnRandomText() {
    Random rnd = new Random(11);
    for (int round = 0; round < 200; round++) {
      List<String> patterns = new ArrayList<>();
      for (int p = 0; p < 40; p++) {
        patterns.add(random(rnd, 1 + rnd.nextInt(5)));
      }
      String text = random(rnd, rnd.nextInt(300));
      Set<Integer> expected = new TreeSet<>();
      for (int p = 0; p < patterns.size(); p++) {
        if (text.contains(patterns.get(p))) {
          expected.add(p);
        }
      }

      assertThat(found(patterns, text)).as(text).isEqualTo(expected);
    }
  }

  private static String random(Random rnd, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append("abcé/%".charAt(rnd.nextInt(6)));
    }
    return sb.toString();
  }
}
