package dev.mimamori.scan.yara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published rule sets of {@code ../shared/corpus/signatures} (php-malware-finder,
 * signature-base web shells, web skimmers, magento-malware-scanner), loaded as they are. Skipped
 * where the corpus is absent; never copied into the project.
 */
class CorpusRulesTest {
  static final Path SIGNATURES = Path.of("../../shared/corpus/signatures");

  static YaraRules rules;

  @BeforeAll
  static void load() {
    assumeTrue(Files.isDirectory(SIGNATURES), "no corpus at " + SIGNATURES.toAbsolutePath());
    rules = YaraRules.load(List.of(SIGNATURES));
    System.out.printf(
        "corpus: %d files, %d rules loaded (%d private), %d refused, %d warnings%n",
        rules.files().size(),
        rules.ruleCount(),
        rules.privateRuleCount(),
        rules.refused().size(),
        rules.warnings().size());
    rules.refused().forEach(e -> System.out.println("  refused " + e));
  }

  @AfterAll
  static void close() {
    if (rules != null) {
      rules.close();
    }
  }

  @Test
  void everyRuleFileIsFoundAndLoadsAtLeastInPart() {
    assertThat(rules.files()).hasSizeGreaterThan(40);
    assertThat(rules.ruleCount()).isGreaterThan(500);
  }

  @Test
  void whatLibyaraRefusesIsReportedWithFileLineAndReason() {
    assertThat(rules.refused())
        .allSatisfy(
            e -> {
              assertThat(Path.of(e.file())).exists();
              assertThat(e.line()).isPositive();
              assertThat(e.message()).isNotBlank();
            });
  }

  @Test
  void aWhitelistWithoutItsHashImportIsRefusedRuleByRuleNotAsAFailure() {
    assertThat(rules.refused())
        .filteredOn(e -> e.file().endsWith("magento2.yar"))
        .extracting(RuleError::message)
        .containsExactly("undefined identifier \"hash\"");
  }
}
