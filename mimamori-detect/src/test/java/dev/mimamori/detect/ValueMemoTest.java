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
  void answersOnlyForTheTextItKept() {
    ValueMemo<String> memo = new ValueMemo<>(1, 10);
    memo.put("Aa", "first");
    assertThat(memo.get("BB")).isNull();
    assertThat(memo.get("Aa")).isEqualTo("first");
  }
}
