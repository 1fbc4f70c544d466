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

  @Test
  void tableAndFailureLinksReportTheSameOccurrencesInTheSameOrder() {
    Random rnd = new Random(12);
    for (int round = 0; round < 200; round++) {
      List<String> patterns = new ArrayList<>();
      for (int p = 0; p < 40; p++) {
        patterns.add(random(rnd, 1 + rnd.nextInt(6)));
      }
      String text = random(rnd, rnd.nextInt(400));
      List<Integer> table = new ArrayList<>();
      List<Integer> links = new ArrayList<>();
      new AhoCorasick(patterns, true).search(text, table::add);
      new AhoCorasick(patterns, false).search(text, links::add);

      assertThat(table).as(text).isEqualTo(links);
    }
  }

  @Test
  void searchLowerReportsWhatSearchReportsInTheLowerCasedText() {
    Random rnd = new Random(13);
    for (int round = 0; round < 200; round++) {
      List<String> patterns = new ArrayList<>();
      for (int p = 0; p < 40; p++) {
        patterns.add(Text.lower(random(rnd, 1 + rnd.nextInt(5))));
      }
      String text = random(rnd, rnd.nextInt(300));
      AhoCorasick ac = new AhoCorasick(patterns);
      List<Integer> onTheFly = new ArrayList<>();
      List<Integer> copied = new ArrayList<>();
      ac.searchLower(text, onTheFly::add);
      ac.search(Text.lower(text), copied::add);

      assertThat(onTheFly).as(text).isEqualTo(copied);
    }
  }

  @Test
  void largeAutomatonWithoutTableStillFindsEveryPattern() {
    List<String> patterns = new ArrayList<>();
    for (int p = 0; p < 2000; p++) {
      patterns.add("rule" + p + "-literal");
    }
    List<Integer> hits = new ArrayList<>();
    new AhoCorasick(patterns).search("x rule1999-literal y rule7-literal", hits::add);

    assertThat(hits).containsExactly(1999, 7);
  }

  private static String random(Random rnd, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append("abcé/%AÉ".charAt(rnd.nextInt(8)));
    }
    return sb.toString();
  }
}
