package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void lowerCasesAscii() {
    assertThat(Text.lower("SELECT Union")).isEqualTo("select union");
  }

  @Test
  void lowerCasesTheKelvinSignToK() {
    assertThat(Text.lower("\u212aIDDIE")).isEqualTo("kiddie");
  }

  @Test
  void foldsTheLongSToS() {
    assertThat(Text.lower("<\u017fcript>")).isEqualTo("<script>");
  }

  @Test
  void returnsALowerCaseTextItself() {
    String s = "already lower";
    assertThat(Text.lower(s)).isSameAs(s);
  }

  @Test
  void findsAWordInTheLowerCasedTextWithoutCopyingIt() {
    assertThat(Text.containsLower("POST", "post")).isTrue();
  }

  @Test
  void findsAWordThroughTheKelvinSign() {
    assertThat(Text.containsLower("/\u212aIDDIE/x", "kiddie")).isTrue();
  }

  @Test
  void findsAWordAsTheLowerCasedCopyDoesForRandomTexts() {
    java.util.Random random = new java.util.Random(3);
    String alphabet = "aAbB/\u212a\u017fsSkK";
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String text = random(random, alphabet, random.nextInt(12));
      String word = Text.lower(random(random, alphabet, random.nextInt(4)));
      if (Text.containsLower(text, word) != Text.lower(text).contains(word)) {
        wrong.add(text + " / " + word);
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static String random(java.util.Random random, String alphabet, int n) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < n; k++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
