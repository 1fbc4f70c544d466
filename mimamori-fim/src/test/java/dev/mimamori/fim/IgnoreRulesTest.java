package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {
  @Test
  void aTrailingSlashIgnoresAFolderAndEverythingInIt() {
    assertThat(new IgnoreRules(List.of("/var/")).ignoresPath("var/cache/prod/x.php", false))
        .isTrue();
  }

  @Test
  void aLeadingSlashAnchorsAtTheRoot() {
    // Regression: EC-CUBE's default "var/" also hid html/upload/var/shell.php.
    assertThat(new IgnoreRules(List.of("/var/")).ignoresPath("html/upload/var/shell.php", false))
        .isFalse();
  }

  @Test
  void anInnerSlashAnchorsAtTheRoot() {
    assertThat(new IgnoreRules(List.of("var/cache/")).ignoresPath("x/var/cache/a", false))
        .isFalse();
  }

  @Test
  void aFolderOnlyRuleIgnoresTheFolderRecordItself() {
    assertThat(new IgnoreRules(List.of("/var/")).ignoresPath("var", true)).isTrue();
  }

  @Test
  void aTrailingSlashDoesNotIgnoreAFileOfThatName() {
    assertThat(new IgnoreRules(List.of("var/")).ignoresFile("var")).isFalse();
  }

  @Test
  void aNameWithoutSlashMatchesAtAnyDepth() {
    assertThat(new IgnoreRules(List.of("*.log")).ignoresFile("a/b/site.log")).isTrue();
  }

  @Test
  void aSingleStarStaysInOneName() {
    assertThat(new IgnoreRules(List.of("html/*.tmp")).ignoresFile("html/a/b.tmp")).isFalse();
  }

  @Test
  void aDoubleStarCrossesFolders() {
    assertThat(new IgnoreRules(List.of("html/**/*.tmp")).ignoresFile("html/a/b/c.tmp")).isTrue();
  }

  @Test
  void regexCharactersInGlobsAreLiteral() {
    assertThat(new IgnoreRules(List.of("a+b(1).txt")).ignoresFile("a+b(1).txt")).isTrue();
  }
}
