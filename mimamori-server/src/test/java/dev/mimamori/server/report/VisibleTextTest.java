package dev.mimamori.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTextTest {
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
