package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentTextsTest {

  @Test
  void givesTheKeptInstanceForAnEqualText() {
    String kept = RecentTexts.canonical(new String("Mozilla/5.0 (kept-instance test)"));
    assertThat(RecentTexts.canonical(new String("Mozilla/5.0 (kept-instance test)")))
        .isSameAs(kept);
  }

  @Test
  void keepsNoTextLongerThanItsLimit() {
    String longer = "a".repeat(RecentTexts.MAX_CHARS + 1);
    RecentTexts.canonical(longer);
    String again = new String(longer);
    assertThat(RecentTexts.canonical(again)).isSameAs(again);
  }

  @Test
  void keepsBothTextsOfASlotPair() {
    // Two texts of one slot pair: each is found again after the other came.
    String a = "/pair/" + 0;
    String b = null;
    for (int k = 1; b == null; k++) {
      String c = "/pair/" + k;
      if (RecentTexts.slot(c, c.length()) == RecentTexts.slot(a, a.length())) {
        b = c;
      }
    }
    String keptA = RecentTexts.canonical(a);
    String keptB = RecentTexts.canonical(b);
    assertThat(List.of(RecentTexts.canonical(new String(a)), RecentTexts.canonical(new String(b))))
        .zipSatisfy(List.of(keptA, keptB), (got, kept) -> assertThat(got).isSameAs(kept));
  }

  @Test
  void answersAnEqualTextWhateverMeetsInTheTable() {
    // Texts that differ only where the slot's hash does not read (the middle of a long text) and
    // texts of every length: the answer is always equal to the question.
    Random random = new Random(7);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      int n = 1 + random.nextInt(70);
      char[] c = new char[n];
      for (int k = 0; k < n; k++) {
        c[k] = "ab/é".charAt(random.nextInt(4));
      }
      String text = new String(c);
      String got = RecentTexts.canonical(text);
      if (!got.equals(text)) {
        wrong.add(text + " -> " + got);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void answersAnEqualTextOnManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        wrong.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  RecentTexts.OnThread mine = RecentTexts.onThisThread();
                  int bad = 0;
                  for (int i = 0; i < 100_000; i++) {
                    String text = "/race/" + random.nextInt(50_000);
                    String got =
                        i % 2 == 0
                            ? RecentTexts.canonical(text)
                            : mine.canonical(random.nextInt(4), text);
                    bad += got.equals(text) ? 0 : 1;
                  }
                  return bad;
                }));
      }
      int bad = 0;
      for (Future<Integer> f : wrong) {
        bad += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(bad).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void holdsNoLongTextAsALastLinesText() {
    RecentTexts.OnThread mine = RecentTexts.onThisThread();
    String longer = "b".repeat(RecentTexts.MAX_CHARS + 1);
    mine.canonical(RecentTexts.OnThread.REFERRER, longer);
    String again = new String(longer);
    assertThat(mine.canonical(RecentTexts.OnThread.REFERRER, again)).isSameAs(again);
  }

  @Test
  void givesTheLastLinesInstanceOfAField() {
    RecentTexts.OnThread mine = RecentTexts.onThisThread();
    String first = mine.canonical(3, new String("curl/8.5.0 (last-line test)"));
    assertThat(mine.canonical(3, new String("curl/8.5.0 (last-line test)"))).isSameAs(first);
  }
}
