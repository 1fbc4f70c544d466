package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueMemoTest {
  @Test
  void refusesASlotCountThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> new ValueMemo<String>(100, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }

  @Test
  void keepsNothingForATextOverTheSizeKept() {
    ValueMemo<String> memo = new ValueMemo<>(4, 3);
    memo.put("abcd", "x");
    assertThat(memo.get("abcd")).isNull();
  }

  @Test
  void refusesASingleSlot() {
    assertThatThrownBy(() -> new ValueMemo<String>(1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
  }

  @Test
  void keepsTwoTextsWhoseHashesMeet() {
    ValueMemo<String> memo = new ValueMemo<>(2, 10);
    memo.put("Aa", "first");
    memo.put("BB", "second"); // "Aa" and "BB" have the same String hash
    assertThat(memo.get("Aa")).isEqualTo("first");
    assertThat(memo.get("BB")).isEqualTo("second");
  }

  @Test
  void pushesOutTheTextOfAPairUsedLeastLately() {
    ValueMemo<String> memo = new ValueMemo<>(2, 10);
    memo.put("Aa", "first");
    memo.put("BB", "second");
    memo.get("Aa");
    memo.put("C#", "third"); // a two-slot memo has one pair
    assertThat(memo.get("BB")).isNull();
    assertThat(memo.get("Aa")).isEqualTo("first");
    assertThat(memo.get("C#")).isEqualTo("third");
  }

  @Test
  void answersOnlyForTheTextItKept() {
    ValueMemo<String> memo = new ValueMemo<>(2, 10);
    memo.put("Aa", "first");
    assertThat(memo.get("BB")).isNull();
    assertThat(memo.get("Aa")).isEqualTo("first");
  }
}
