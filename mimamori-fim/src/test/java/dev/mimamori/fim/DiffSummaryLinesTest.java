package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiffSummaryLinesTest {
  static DiffSummary diff(String before, String after) {
    return DiffSummary.of(
        before.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsRemovedLinesBeforeAddedOnes() {
    assertThat(diff("a\nold\n", "a\nnew\n").lines()).containsExactly("-old", "+new");
  }

  @Test
  void masksTheValueOfAPasswordLine() {
    assertThat(diff("", "$db_password = 'hunter2-secret';\n").lines())
        .containsExactly("+$db_password = ********");
  }

  @Test
  void cutsVeryLongLines() {
    assertThat(diff("", "x".repeat(5000)).lines().get(0)).hasSize(DiffSummary.MAX_LINE_CHARS + 2);
  }

  @Test
  void keepsAtMostTwoHundredLines() {
    assertThat(diff("", numbered(500)).lines()).hasSize(DiffSummary.MAX_LINES);
  }

  private static String numbered(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("line ").append(i).append('\n');
    }
    return b.toString();
  }
}
