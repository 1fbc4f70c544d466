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
  void refusesANarrowCaseInsensitiveRangeOverAnUnfoldableCharacter() {
    assertThat(Regexes.foldRefusal("[\\x{1C70}-\\x{1C90}]", true)).contains("U+1C80");
  }

  @Test
  void findsTheSameUnfoldableCharacterInAWideRangeAsInANarrowOne() {
    // Ranges of 4,096 code points or more are looked up in the whole table, narrower ones walked.
    assertThat(Regexes.foldRefusal("[\\x{1C00}-\\x{2C00}]", true))
        .contains("U+1C80")
        .isEqualTo(Regexes.foldRefusal("[\\x{1C00}-\\x{1CFF}]", true));
  }

  @Test
  void refusesACaseInsensitiveRangeFromAnOctalEscape() {
    // RE2 reads \0 as U+0000: the range is U+0000 to U+FFFD (found by fuzzing: it never compiled)
    assertThat(Regexes.foldRefusal("[\\0-\uFFFD]", true)).isNotNull();
  }

  @Test
  void refusesACaseInsensitiveRangeAfterOctalEscapesAndHyphens() {
    assertThat(Regexes.foldRefusal("[n\\\\\\0----------\uFFFD]", true)).isNotNull();
  }

  @Test
  void refusesACaseInsensitiveRangeFromAControlEscape() {
    assertThat(Regexes.foldRefusal("[\\t-\\x{10FFFF}]", true)).isNotNull();
  }

  @Test
  void acceptsAClassEscapeBesideAHyphen() {
    assertThat(Regexes.foldRefusal("[\\w-]", true)).isNull();
  }

  @Test
  void ignoresUnfoldableCharactersWhenMatchingCaseSensitively() {
    assertThat(Regexes.foldRefusal("\u1c80", false)).isNull();
  }

  @Test
  void continuesALiteralWithWhatAllBranchesOfAGroupBeginWith() {
    assertThat(Regexes.requiredLiterals("\\.(php[0-9]?|phtml)$")).containsExactly(".ph");
  }

  @Test
  void takesAGroupsCommonStartAsALiteralOfItsOwn() {
    assertThat(
            Regexes.requiredLiterals(
                "^/([a-z0-9_-]+/)?(login|login_check)$|^/mypage/login$|^/(wp-login|xmlrpc)\\.php$"))
        .containsExactly("login", "/mypage/login", ".php");
  }

  @Test
  void takesTheWordsEachBranchOfANeededGroupBeginsWith() {
    assertThat(
            Regexes.requiredLiterals(
                "/(content/(page/\\d+/edit|js|css)|store/plugin/(install|upload)|ownersstore/)(/|$)",
                true))
        .containsExactly("content/", "store/plugin/", "ownersstore/");
  }

  @Test
  void takesNothingFromAGroupOneOfWhoseBranchesHasNoWord() {
    assertThat(Regexes.requiredLiterals("(^|/)(shopping|cart|.*)(/|$)")).isNull();
  }

  @Test
  void takesNothingFromAGroupThatMayBeAbsent() {
    assertThat(Regexes.requiredLiterals("ab(cdef)?gh")).isNull();
  }

  @Test
  void takesNothingFromAGroupWhoseBranchesBeginDifferently() {
    assertThat(Regexes.requiredLiterals("ab(cd|ef)")).isNull();
  }

  @Test
  void findsLiteralsInACaseInsensitiveRegex() {
    assertThat(Regexes.requiredLiterals("/content/file_manager(/|$)", true))
        .containsExactly("/content/file_manager");
  }

  @Test
  void keepsLettersWhoseFoldingLowerCasingUndoesInACaseInsensitiveLiteral() {
    assertThat(Regexes.requiredLiterals("/setting/system/member/new(/|$)", true))
        .containsExactly("/setting/system/member/new");
  }

  @Test
  void endsACaseInsensitiveLiteralAtNonAsciiLetters() {
    assertThat(Regexes.requiredLiterals("caf\u00e9-abc", true)).containsExactly("-abc");
  }

  @Test
  void givesUpOnACaseInsensitiveRegexOfNonAsciiLettersOnly() {
    assertThat(Regexes.requiredLiterals("\u00e9\u00e8\u00ea|abc", true)).isNull();
  }

  /**
   * Whatever a regex matches contains one of its literals, lower-cased, in the text lower-cased as
   * the prefilter lower-cases it: random variants of matching texts (other case, the Kelvin sign
   * for k, the long s for s, characters around) of the rule pack's regexes and harder ones.
   */
  @Test
  void everyMatchContainsARequiredLiteral() {
    String[][] cases = {
      {"\\.(php[0-9]?|phtml)$", "/html/user_data/x.php", "/a/b.phtml", "/c.php7"},
      {
        "/user_data/.*\\.(php[0-9]?|phtml|phar|inc)($|/)", "/user_data/a/x.php", "/user_data/s.inc/"
      },
      {"^/[a-z0-9_-]+/order/\\d+/mail(/|$)", "/admin/order/12/mail", "/kanri/order/7/mail/"},
      {"/setting/system/member/new(/|$)", "/admin/setting/system/member/new"},
      {
        "/(content/(page/\\d+/edit|block/\\d+/edit|layout/\\d+/edit|js|css)|store/plugin/(install|upload)|ownersstore/)(/|$)",
        "/admin/content/js",
        "/admin/store/plugin/install",
        "/admin/ownersstore/x"
      },
      {"(^|/)index(_dev)?\\.php$", "/index.php", "/index_dev.php"},
      {
        "^/([a-z0-9_-]+/)?(login|login_check)$|^/mypage/login$|^/(wp-login|xmlrpc)\\.php$",
        "/admin/login",
        "/mypage/login",
        "/xmlrpc.php",
        "/wp-login.php"
      },
      {"ab(cd|ce)+x", "abcdcex", "abcex"},
      {"kelvin[0-9]+sig", "kelvin42sig"},
    };
    java.util.Random random = new java.util.Random(20261127);
    int checked = 0;
    for (String[] c : cases) {
      for (boolean ignoreCase : new boolean[] {false, true}) {
        java.util.List<String> lits = Regexes.requiredLiterals(c[0], ignoreCase);
        if (lits == null) {
          continue;
        }
        com.google.re2j.Pattern p =
            com.google.re2j.Pattern.compile(
                c[0], ignoreCase ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0);
        for (int round = 0; round < 2000; round++) {
          String text = variant(c[1 + random.nextInt(c.length - 1)], ignoreCase, random);
          if (p.matcher(text).find()) {
            String lower = Text.lower(text);
            assertThat(lits).as("%s on %s", c[0], text).anyMatch(lower::contains);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  private static String variant(String base, boolean ignoreCase, java.util.Random random) {
    StringBuilder b = new StringBuilder();
    if (random.nextBoolean()) {
      b.append("/pre").append(random.nextInt(10));
    }
    for (char ch : base.toCharArray()) {
      int r = random.nextInt(10);
      if (ignoreCase && ch == 'k' && r == 0) {
        b.append('\u212a');
      } else if (ignoreCase && ch == 's' && r == 0) {
        b.append('\u017f');
      } else if (ignoreCase && r < 4) {
        b.append(Character.toUpperCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
