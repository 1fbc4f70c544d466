package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random mutations of real payloads and random bytes: the analyzers never throw. */
class WebAttackFuzzTest {
  private static final int ITERATIONS = 20_000;
  private static final String NASTY = "%'\"<>()/\\*-#;&|`${}[]=:!@.+,\n\t\0\uFFFD\uFF1C0xu&#";
  private static final List<String> SEEDS =
      List.of(
          "1' or '1'='1",
          "-1 union select 1,2,3--",
          "<img src=x onerror=alert(1)>",
          "\" onmouseover=\"alert(1)",
          "..%c0%af..%c0%afetc/passwd",
          ";cat /etc/passwd",
          "<?php system($_GET['c']); ?>",
          "http://0xa9fea9fe/latest/",
          "${${lower:j}ndi:ldap://x/a}",
          "{{constructor.constructor('alert(1)')()}}",
          "%E3%82%AF%E3%83%AA%E3%83%BC%E3%83%A0",
          "/products/list?category_id=3");

  @Test
  void mutatedPayloadsNeverThrowAndGiveAtMostOneFindingPerClass() {
    Random rnd = new Random(11);
    for (int it = 0; it < ITERATIONS; it++) {
      String value = mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd);

      List<Finding> findings = WebAttackAnalyzer.analyze(value);

      assertThat(findings).as(value).hasSizeLessThanOrEqualTo(AttackClass.values().length);
    }
  }

  @Test
  void randomBytesNeverThrow() {
    Random rnd = new Random(12);
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] bytes = new byte[rnd.nextInt(200)];
      rnd.nextBytes(bytes);
      String value = new String(bytes, StandardCharsets.ISO_8859_1);

      assertThat(WebAttackAnalyzer.analyze(value)).as(value).isNotNull();
    }
  }

  @Test
  void sqlTokenizerNeverThrowsInAnyContext() {
    Random rnd = new Random(13);
    for (int it = 0; it < ITERATIONS; it++) {
      String value = mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd);
      for (char quote : new char[] {0, '\'', '"'}) {
        assertThat(SqlFolder.fold(SqlTokenizer.tokenize(value, quote))).as(value).isNotNull();
      }
    }
  }

  @Test
  void htmlTokenizerNeverThrowsInAnyContext() {
    Random rnd = new Random(14);
    for (int it = 0; it < ITERATIONS; it++) {
      String value = mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd);
      for (HtmlTokenizer.Context c : HtmlTokenizer.Context.values()) {
        assertThat(HtmlTokenizer.tokenize(value, c))
            .as(value)
            .hasSizeLessThanOrEqualTo(HtmlTokenizer.MAX_TOKENS + 2);
      }
    }
  }

  private static String mutate(String seed, Random rnd) {
    StringBuilder b = new StringBuilder(seed);
    int mutations = 1 + rnd.nextInt(6);
    for (int m = 0; m < mutations; m++) {
      int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
      switch (rnd.nextInt(5)) {
        case 0 -> b.insert(at, NASTY.charAt(rnd.nextInt(NASTY.length())));
        case 1 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        case 2 -> b.setLength(at);
        case 3 -> {
          int end = Math.min(b.length(), at + rnd.nextInt(12));
          b.insert(at, b.substring(at, end).repeat(1 + rnd.nextInt(4)));
        }
        default -> b.insert(at, SEEDS.get(rnd.nextInt(SEEDS.size())));
      }
    }
    return b.toString();
  }
}
