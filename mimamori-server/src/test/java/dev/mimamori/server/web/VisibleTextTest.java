package dev.mimamori.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTextTest {
  @Test
  void showsAZeroWidthSpaceAsAMarker() {
    assertThat(VisibleText.show("adm\u200Bin")).isEqualTo("adm⟦U+200B⟧in");
  }

  @Test
  void showsABidiOverrideAsAMarker() {
    assertThat(VisibleText.show("invoice\u202Efdp.exe")).isEqualTo("invoice⟦U+202E⟧fdp.exe");
  }

  @Test
  void showsAControlCharacterAsAMarker() {
    assertThat(VisibleText.show("a\u001B[31mb")).isEqualTo("a⟦U+001B⟧[31mb");
  }

  @Test
  void showsATagCharacterOutsideTheBasicPlaneAsOneMarker() {
    assertThat(VisibleText.show("x" + new String(Character.toChars(0xE0041)) + "y"))
        .isEqualTo("x⟦U+E0041⟧y");
  }

  @Test
  void leavesJapaneseTextAndItsFullWidthSpaceAlone() {
    assertThat(VisibleText.show("ふるさと\u3000納税 shop")).isEqualTo("ふるさと\u3000納税 shop");
  }

  @Test
  void setsMarkersApartFromPlainText() {
    assertThat(VisibleText.parts("a\u200Bb"))
        .containsExactly(
            new VisibleText.Part("a", false),
            new VisibleText.Part("⟦U+200B⟧", true),
            new VisibleText.Part("b", false));
  }
}
