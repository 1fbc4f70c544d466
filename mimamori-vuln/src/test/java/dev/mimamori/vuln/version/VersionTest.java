package dev.mimamori.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "4.0.6, 4.0.6-p1",
    "4.0.6-p1, 4.0.6-p2",
    "4.0.6-p2, 4.0.6-p3",
    "4.0.6-p9, 4.0.6-p10",
    "4.0.6-p4, 4.1.0",
    "4.1-beta3, 4.1-rc",
    "4.1-rc, 4.1.0",
    "4.2.0-alpha, 4.2.0-beta",
    "4.2.0-beta, 4.2.0-beta2",
    "3.0.0-dev, 3.0.0-alpha",
    "3.0.18, 3.0.18-p1",
    "2.13.5, 2.17.0",
    "1.9.9, 1.10.0",
    "v1.2.3, 1.2.4",
    "4.1.2-p5, 4.2.0"
  })
  void ordersLikeComposerWithPatchReleasesAfterTheirRelease(String lower, String higher) {
    assertThat(Version.parse(lower)).isLessThan(Version.parse(higher));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "4.1, 4.1.0",
    "4.1.0, 4.1.0.0",
    "v4.2.1, 4.2.1",
    "4.0.6-pl2, 4.0.6-p2",
    "4.0.6-patch2, 4.0.6-p2",
    "4.0.0-RC, 4.0.0-rc"
  })
  void equalVersionsWrittenDifferently(String a, String b) {
    assertThat(Version.parse(a)).isEqualTo(Version.parse(b)).hasSameHashCodeAs(Version.parse(b));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "dev-master",
        "3.n-alpha4",
        "4.1.2-20220128",
        "1.2.3.4.5.6",
        "1..2",
        "abc",
        "1234567890.1"
      })
  void unreadableVersionsAreAClearError(String s) {
    assertThatThrownBy(() -> Version.parse(s)).isInstanceOf(InvalidVersionException.class);
  }

  @org.junit.jupiter.api.Test
  void anOverlongVersionIsRefusedBeforeMatching() {
    assertThatThrownBy(() -> Version.parse("1." + "1".repeat(100)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer");
  }

  @org.junit.jupiter.api.Test
  void errorQuotesHostileTextWithControlCharactersVisible() {
    assertThatThrownBy(() -> Version.parse("1.0\u001b[2J"))
        .hasMessageContaining("\\u001b")
        .hasMessageNotContaining("\u001b");
  }
}
