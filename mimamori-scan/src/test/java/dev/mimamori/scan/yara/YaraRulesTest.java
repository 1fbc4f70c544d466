package dev.mimamori.scan.yara;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YaraRulesTest {
  static final String GOOD_AND_BROKEN =
      """
      rule first_good { strings: $a = "alpha" condition: $a }

      rule broken {
        strings: $b = "beta"
        condition: $b and undefined_thing
      }

      rule second_good : webshell { strings: $c = "gamma" condition: $c }
      """;

  @TempDir Path dir;

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void aBrokenRuleIsReportedWithItsFileLineAndName() throws Exception {
    Path f = file("set.yar", GOOD_AND_BROKEN);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.refused())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.file()).isEqualTo(f.toString());
                assertThat(e.line()).isEqualTo(5);
                assertThat(e.rule()).isEqualTo("broken");
                assertThat(e.message()).contains("undefined_thing");
              });
    }
  }

  @Test
  void theGoodRulesBesideABrokenOneStillLoad() throws Exception {
    Path f = file("set.yar", GOOD_AND_BROKEN);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.ruleCount()).isEqualTo(2);
    }
  }

  @Test
  void aRuleThatNeedsARefusedRuleIsRefusedToo() throws Exception {
    Path f =
        file(
            "chain.yar",
            """
            rule base { condition: filesize > nonsense }
            rule uses_base { condition: base }
            rule alone { condition: true }
            """);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.refused()).extracting(RuleError::rule).containsExactly("base", "uses_base");
      assertThat(rules.ruleCount()).isEqualTo(1);
    }
  }

  @Test
  void aRuleWithoutItsClosingBraceDoesNotTakeTheNextRulesWithIt() throws Exception {
    Path f =
        file(
            "unclosed.yar",
            """
            rule unclosed { strings: $a = "x" condition: $a
            rule after_it { condition: true }
            """);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.refused()).isNotEmpty();
      assertThat(rules.ruleCount()).isEqualTo(1);
    }
  }

  @Test
  void anUnknownModuleIsReportedAtItsImportAndTheRulesThatNeedItAreLeftOut() throws Exception {
    Path f =
        file(
            "module.yar",
            """
            import "no_such_module"
            rule needs_it { condition: no_such_module.x == 1 }
            rule does_not { condition: true }
            """);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.refused())
          .extracting(RuleError::line, RuleError::rule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, null),
              org.assertj.core.groups.Tuple.tuple(2, "needs_it"));
      assertThat(rules.ruleCount()).isEqualTo(1);
    }
  }

  @Test
  void braceAndKeywordsInsideStringsRegexesAndCommentsDoNotSplitARule() throws Exception {
    Path f =
        file(
            "tricky.yar",
            """
            /* rule not_a_rule { */
            rule tricky {
              strings:
                $a = "} rule x {"
                $b = /\\}[{]rule\\/ / // } rule y {
                $rule = "z"
              condition: any of them and undefined_here
            }
            rule fine { condition: true }
            """);

    try (YaraRules rules = YaraRules.load(List.of(f))) {
      assertThat(rules.refused()).extracting(RuleError::rule).containsExactly("tricky");
      assertThat(rules.ruleCount()).isEqualTo(1);
    }
  }

  @Test
  void anIncludeIsReadRelativeToTheIncludingFile() throws Exception {
    file("lib/helpers.yar", "private rule helper { condition: filesize < 10 }");
    Path main =
        file("main/main.yar", "include \"../lib/helpers.yar\"\nrule top { condition: helper }");

    try (YaraRules rules = YaraRules.load(List.of(main))) {
      assertThat(rules.refused()).isEmpty();
      assertThat(rules.ruleCount()).isEqualTo(2);
    }
  }

  @Test
  void aBrokenIncludedFileIsReportedAtItsOwnLine() throws Exception {
    Path inc = file("inc.yar", "\n\nrule bad_inside { condition: nope }\n");
    Path main = file("main.yar", "include \"inc.yar\"\nrule top { condition: true }\n");

    try (YaraRules rules = YaraRules.load(List.of(main))) {
      assertThat(rules.refused())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.file()).isEqualTo(inc.toString());
                assertThat(e.line()).isEqualTo(3);
              });
      assertThat(rules.ruleCount()).isEqualTo(1);
    }
  }

  @Test
  void eachFileHasItsOwnNamespaceSoTheSameRuleNameInTwoFilesLoads() throws Exception {
    Path a = file("a.yar", "rule same { condition: true }");
    Path b = file("b.yar", "rule same { condition: false }");

    try (YaraRules rules = YaraRules.load(List.of(a, b))) {
      assertThat(rules.ruleCount()).isEqualTo(2);
    }
  }

  @Test
  void aDirectoryIsSearchedForYarAndYaraFiles() throws Exception {
    file("one.yar", "rule one { condition: true }");
    file("sub/two.yara", "rule two { condition: true }");
    file("notes.txt", "rule not_loaded { condition: true }");

    try (YaraRules rules = YaraRules.load(List.of(dir))) {
      assertThat(rules.files()).hasSize(2);
    }
  }

  @Test
  void aMissingPathIsReportedNotThrown() {
    try (YaraRules rules = YaraRules.load(List.of(dir.resolve("nowhere")))) {
      assertThat(rules.refused())
          .extracting(RuleError::message)
          .containsExactly("no such rule file or directory");
    }
  }

  @Test
  void theExternalVariablesOfPublishedRuleSetsAreDefined() {
    try (YaraRules rules =
        YaraRules.compile(
            "rule ext { condition: filename == \"\" and filepath == \"\" and extension == \"\""
                + " and filetype == \"\" and owner == \"\" }")) {
      assertThat(rules.refused()).isEmpty();
    }
  }
}
