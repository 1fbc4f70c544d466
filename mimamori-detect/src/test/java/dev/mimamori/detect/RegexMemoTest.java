package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegexMemoTest {
  final Pattern pattern = Pattern.compile("^/([a-z]+/)?(login|login_check)$|\\.php$");

  @Test
  void answersAsTheRegexForValuesThatShareAHash() {
    RegexMemo memo = new RegexMemo(Pattern.compile("Aa"));
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(memo.find("Aa")).isTrue();
    assertThat(memo.find("BB")).isFalse();
    assertThat(memo.find("Aa")).isTrue();
  }

  @Test
  void answersAsTheRegexForValuesPastTheSizeItKeeps() {
    RegexMemo memo = new RegexMemo(pattern);
    String longValue = "/" + "a".repeat(600) + ".php";
    assertThat(memo.find(longValue)).isTrue();
    assertThat(memo.find(longValue + "x")).isFalse();
  }

  @Test
  void answersAsTheRegexOverManyRepeatedValues() {
    RegexMemo memo = new RegexMemo(pattern);
    List<String> values = values(2000, new Random(11));
    Random random = new Random(12);
    for (int i = 0; i < 50_000; i++) {
      String v = values.get(random.nextInt(values.size()));
      assertThat(memo.find(v)).as(v).isEqualTo(pattern.matcher(v).find());
    }
  }

  @Test
  void answersAsTheRegexWhenThreadsShareIt() throws Exception {
    RegexMemo memo = new RegexMemo(pattern);
    List<String> values = values(600, new Random(21));
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Random random = new Random(t);
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 40_000; i++) {
                  // A fresh copy, as each event brings its own string.
                  String v = new String(values.get(random.nextInt(values.size())));
                  if (memo.find(v) != pattern.matcher(v).find()) {
                    wrong.incrementAndGet();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(wrong.get()).isZero();
  }

  private static List<String> values(int n, Random random) {
    String[] words = {"login", "login_check", "mypage", "admin", "x", "index", "shop"};
    String[] ends = {"", ".php", ".css", ".php5", "/"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      int parts = 1 + random.nextInt(3);
      for (int p = 0; p < parts; p++) {
        b.append('/').append(words[random.nextInt(words.length)]);
      }
      b.append(ends[random.nextInt(ends.length)]);
      if (random.nextInt(4) == 0) {
        b.append(random.nextInt(1000));
      }
      out.add(b.toString());
    }
    return out;
  }
}
