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
}
