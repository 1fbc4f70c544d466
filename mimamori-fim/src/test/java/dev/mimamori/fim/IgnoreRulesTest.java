package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {
  @Test
  void aTrailingSlashIgnoresAFolderAndEverythingInIt() {
    assertThat(new IgnoreRules(List.of("var/")).ignoresPath("var/cache/prod/x.php")).isTrue();
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
