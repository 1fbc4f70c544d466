package dev.mimamori.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTextTest {
  /** U+2D800, a kanji of CJK Extension F: its low 16 bits look like a surrogate. */
  @Test
  void keepsACharacterBeyondTheBasicPlane() {
    String kanji = new String(Character.toChars(0x2D800));

    assertThat(VisibleText.of(kanji, 100)).isEqualTo(kanji);
  }

  @Test
  void showsARightToLeftOverride() {
    assertThat(VisibleText.of("invoice\u202Efdp.php", 100)).isEqualTo("invoice<U+202E>fdp.php");
  }

  @Test
  void showsAControlCharacterThatXmlCannotHold() {
    assertThat(VisibleText.of("a\u0001b", 100)).isEqualTo("a<U+0001>b");
  }

  @Test
  void replacesALoneSurrogate() {
    assertThat(VisibleText.of("a\uD800b", 100)).isEqualTo("a\uFFFDb");
  }

  @Test
  void keepsJapanese() {
    assertThat(VisibleText.of("管理画面への不正ログイン", 100)).isEqualTo("管理画面への不正ログイン");
  }

  @Test
  void clipsLongText() {
    assertThat(VisibleText.of("abcdef", 3)).isEqualTo("abc…");
  }

  @Test
  void parsesOnlyRealMonths() {
    assertThat(ReportMonth.parse("2026-11").toString()).isEqualTo("2026-11");
  }
}
