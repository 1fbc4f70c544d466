package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanitizeTest {

  @Test
  void replacesNewlines() {
    assertThat(Sanitize.oneLine("a\nb\r\nc")).isEqualTo("a?b??c");
  }

  @Test
  void replacesEscapeSoTerminalSequencesCannotRun() {
    assertThat(Sanitize.oneLine("\u001b[2J\u001b]0;owned\u0007title"))
        .isEqualTo("?[2J?]0;owned?title")
        .doesNotContain("\u001b");
  }

  @Test
  void replacesTabNulAndDelete() {
    assertThat(Sanitize.oneLine("a\tb\u0000c\u007fd")).isEqualTo("a?b?c?d");
  }

  @Test
  void replacesC1ControlsIncludingNextLine() {
    assertThat(Sanitize.oneLine("a\u0085b\u009bc")).isEqualTo("a?b?c");
  }

  @Test
  void keepsPrintableAndNonAsciiText() {
    String s = "Web shell on ふるさと-shop (café) ✓";

    assertThat(Sanitize.oneLine(s)).isSameAs(s);
  }

  @Test
  void keepsLengthWhenReplacing() {
    String s = "x\ny\u001bz";

    assertThat(Sanitize.oneLine(s)).hasSameSizeAs(s);
  }

  @Test
  void handlesEmptyText() {
    assertThat(Sanitize.oneLine("")).isEmpty();
  }

  @Test
  void clipKeepsShortText() {
    assertThat(Sanitize.clip("short", 5)).isEqualTo("short");
  }

  @Test
  void clipEndsCutTextWithAnEllipsis() {
    assertThat(Sanitize.clip("abcdefgh", 5)).isEqualTo("abcd…");
  }

  @Test
  void clipNeverSplitsASurrogatePair() {
    String s = "abc\uD83D\uDE00def"; // an emoji at index 3-4

    assertThat(Sanitize.clip(s, 5)).isEqualTo("abc…");
  }
}
