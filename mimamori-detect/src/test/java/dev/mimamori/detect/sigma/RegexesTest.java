package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegexesTest {
  @Test
  void requiresTheLongestLiteralOfEachBranch() {
    assertThat(
            Regexes.requiredLiterals(
                "-[a-z0-9]{3}\\.[a-z0-9-]{3,}-s-account\\.workers\\.dev|\\.up\\.railway\\.app"))
        .containsExactly("-s-account.workers.dev", ".up.railway.app");
  }

  @Test
  void dropsACharacterThatMayBeAbsent() {
    assertThat(Regexes.requiredLiterals("abcx?def")).containsExactly("abc");
  }

  @Test
  void keepsACharacterRepeatedAtLeastOnce() {
    assertThat(Regexes.requiredLiterals("abcx+def")).containsExactly("abcx");
  }

  @Test
  void givesUpOnInlineFlags() {
    assertThat(Regexes.requiredLiterals("(?i)select")).isNull();
  }

  @Test
  void givesUpOnABranchWithoutALiteral() {
    assertThat(Regexes.requiredLiterals("select|.{150}")).isNull();
  }

  @Test
  void refusesANamedBackreference() {
    assertThat(Regexes.refusal("(?P<x>a)\\k<x>")).startsWith("backreference \\k");
  }

  @Test
  void refusesAnAtomicGroup() {
    assertThat(Regexes.refusal("(?>a+)b")).startsWith("atomic group");
  }

  @Test
  void refusesAPossessiveQuantifier() {
    assertThat(Regexes.refusal("a++b")).startsWith("possessive quantifier");
  }

  @Test
  void acceptsALazyQuantifier() {
    assertThat(Regexes.refusal("a+?b")).isNull();
  }

  @Test
  void acceptsAnEscapedDigitInAClass() {
    assertThat(Regexes.refusal("[\\d]+\\.")).isNull();
  }

  @Test
  void estimatesACountedRepetition() {
    assertThat(Regexes.estimatedSize(".{150}")).isEqualTo(151);
  }

  @Test
  void countsTheClassesRe2WillFold() {
    assertThat(Regexes.foldedClasses("[^a]\\w[b-c]x", true)).isEqualTo(3);
  }

  @Test
  void seesAnInlineCaseInsensitiveFlag() {
    assertThat(Regexes.foldedClasses("(?i)[^a]", false)).isEqualTo(1);
  }

  @Test
  void foldsNothingCaseSensitively() {
    assertThat(Regexes.foldedClasses("[^a][^b]", false)).isZero();
  }

  @Test
  void acceptsACaseInsensitiveRangeOfFoldableCharacters() {
    assertThat(Regexes.foldRefusal("[a-z\\x{3040}-\\x{30FF}]", true)).isNull();
  }

  @Test
  void ignoresUnfoldableCharactersWhenMatchingCaseSensitively() {
    assertThat(Regexes.foldRefusal("\u1c80", false)).isNull();
  }
}
