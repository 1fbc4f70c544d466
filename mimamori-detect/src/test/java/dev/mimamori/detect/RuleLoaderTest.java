package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.rules.MatchRule;
import dev.mimamori.detect.rules.ThresholdRule;
import dev.mimamori.model.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
  /** A valid rule, lines 2 to 9 of a file that starts with "rules:". */
  private static final String GOOD =
      """
        - id: mm-test-good
          title: Good rule
          class: test.good
          severity: low
          type: match
          match:
            - field: url.path
              prefix: /admin
      """;

  @TempDir Path dir;

  private final RuleLoader loader = new RuleLoader();

  private Path write(String yaml) throws IOException {
    Path p = dir.resolve("custom-rules.yml");
    Files.writeString(p, yaml);
    return p;
  }

  /** A file whose second rule (starting on line 10) is {@code second}. */
  private Path withSecondRule(String second) throws IOException {
    return write("rules:\n" + GOOD + second);
  }

  private static String rule(String id, String body) {
    return "  - id: " + id + "\n" + body;
  }

  private static final String MATCH_BODY =
      """
          title: Second
          class: test.second
          severity: medium
          type: match
          match:
            - field: url.path
              prefix: /x
      """;

  @Test
  void loadsEveryBuiltinRule() {
    List<CompiledRule> rules = loader.loadBuiltin();

    assertThat(rules)
        .extracting(r -> r.meta().id())
        .containsExactlyInAnyOrder(
            "mm-web-xss-payload",
            "mm-eccube-stored-xss-field",
            "mm-eccube-admin-order-mail",
            "mm-eccube-file-manager-upload",
            "mm-eccube-storefront-code-edit",
            "mm-eccube-admin-member-created",
            "mm-web-php-in-user-data",
            "mm-web-large-php-response",
            "mm-csp-foreign-script-checkout",
            "mm-csp-foreign-host-sensitive-page",
            "mm-storefront-card-data-sent",
            "mm-storefront-new-script",
            "mm-storefront-changed-script",
            "mm-storefront-new-host",
            "mm-storefront-check-failed",
            "mm-storefront-inventory-truncated",
            "mm-uptime-site-down",
            "mm-uptime-flapping",
            "mm-uptime-tls-expiring",
            "mm-uptime-tls-expiring-urgent",
            "mm-uptime-tls-invalid",
            "mm-uptime-dns-ns-mx-changed",
            "mm-uptime-dns-address-changed",
            "mm-uptime-content-changed",
            "mm-web-scanner-user-agent",
            "mm-web-sensitive-file-probe",
            "mm-web-shell-known-name",
            "mm-web-php-post-in-asset-folder",
            "mm-web-sql-injection",
            "mm-web-path-traversal",
            "mm-web-remote-file-inclusion",
            "mm-web-command-injection",
            "mm-web-php-code-injection",
            "mm-web-ssrf-metadata",
            "mm-web-log4shell",
            "mm-web-login-bruteforce",
            "mm-web-404-storm",
            "mm-web-403-storm",
            "mm-ssh-bruteforce",
            "mm-web-login-distributed",
            "mm-auth-account-bruteforce",
            "mm-web-basic-auth-account-bruteforce",
            "mm-web-flood",
            "mm-web-ddos-surge",
            "mm-web-card-testing",
            "mm-web-card-testing-shop",
            "mm-eccube-card-testing",
            "mm-eccube-card-testing-shop");
  }

  @Test
  void readsBuiltinMetadata() {
    CompiledRule xss =
        loader.loadBuiltin().stream()
            .filter(r -> r.meta().id().equals("mm-web-xss-payload"))
            .findFirst()
            .orElseThrow();

    assertThat(xss.meta())
        .isEqualTo(
            new RuleMeta(
                "mm-web-xss-payload",
                "Cross-site scripting payload in a request",
                "web.xss",
                Severity.HIGH,
                Duration.ofMinutes(10)));
  }

  @Test
  void compilesTheBuiltinBruteForceRuleAsThreshold() {
    CompiledRule brute =
        loader.loadBuiltin().stream()
            .filter(r -> r.meta().id().equals("mm-web-login-bruteforce"))
            .findFirst()
            .orElseThrow();

    assertThat(brute).isInstanceOf(ThresholdRule.class);
  }

  @Test
  void loadsARuleFileFromDisk() throws IOException {
    List<CompiledRule> rules = loader.load(write("rules:\n" + GOOD));

    assertThat(rules).singleElement().isInstanceOf(MatchRule.class);
    assertThat(rules.get(0).meta().suppress()).isZero();
  }

  @Test
  void loadsAnEmptyRuleList() {
    List<CompiledRule> rules =
        loader.load(new ByteArrayInputStream("rules: []\n".getBytes(StandardCharsets.UTF_8)), "x");

    assertThat(rules).isEmpty();
  }

  @Test
  void ignoresOtherTopLevelKeys() throws IOException {
    assertThat(loader.load(write("version: 1\nrules:\n" + GOOD))).hasSize(1);
  }

  @Test
  void refusesUnknownTypeNamingFileAndLine() throws IOException {
    Path p = withSecondRule(rule("mm-second", MATCH_BODY.replace("type: match", "type: mtach")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-second': ")
        .hasMessageContaining("unknown type 'mtach'")
        .hasMessageContaining("match, threshold");
  }

  @Test
  void refusesMissingIdNamingFileAndLine() throws IOException {
    Path p = withSecondRule("  - title: no id\n" + MATCH_BODY.replace("    title: Second\n", ""));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("missing 'id'");
  }

  @Test
  void refusesDuplicateIdNamingFileAndLine() throws IOException {
    Path p = withSecondRule(rule("mm-test-good", MATCH_BODY));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("duplicate rule id 'mm-test-good'");
  }

  @Test
  void refusesBadSeverityNamingFileAndLine() throws IOException {
    Path p =
        withSecondRule(rule("mm-second", MATCH_BODY.replace("severity: medium", "severity: P1")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-second': ")
        .hasMessageContaining("unknown severity 'P1'");
  }

  @Test
  void refusesInvalidRegexNamingFileAndLine() throws IOException {
    Path p = withSecondRule(rule("mm-second", MATCH_BODY.replace("prefix: /x", "regex: '(a'")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-second': ")
        .hasMessageContaining("not a valid RE2 expression");
  }

  @Test
  void refusesBackreferenceThatRe2CannotRun() throws IOException {
    Path p = withSecondRule(rule("mm-second", MATCH_BODY.replace("prefix: /x", "regex: '(a)\\1'")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-second': ")
        .hasMessageContaining("not a valid RE2 expression");
  }

  @Test
  void refusesLookaheadThatRe2CannotRun() throws IOException {
    Path p = withSecondRule(rule("mm-second", MATCH_BODY.replace("prefix: /x", "regex: 'a(?=b)'")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("not a valid RE2 expression");
  }

  @Test
  void refusesUnknownRuleSetting() throws IOException {
    Path p =
        withSecondRule(
            rule("mm-second", MATCH_BODY.replace("type: match", "type: match\n    colour: red")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-second': ")
        .hasMessageContaining("colour");
  }

  @Test
  void refusesUnknownConditionSetting() throws IOException {
    Path p =
        withSecondRule(
            rule("mm-second", MATCH_BODY.replace("prefix: /x", "prefix: /x\n        regexp: y")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("regexp");
  }

  @Test
  void refusesThresholdSettingsOnAMatchRule() throws IOException {
    Path p =
        withSecondRule(
            rule("mm-second", MATCH_BODY.replace("type: match", "type: match\n    count: 5")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("count");
  }

  @Test
  void refusesConditionWithTwoTests() throws IOException {
    Path p =
        withSecondRule(
            rule("mm-second", MATCH_BODY.replace("prefix: /x", "prefix: /x\n        gte: 3")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("exactly one of regex, contains, equals, prefix, gte");
  }

  @Test
  void refusesBadSuppressDuration() throws IOException {
    Path p =
        withSecondRule(
            rule("mm-second", MATCH_BODY.replace("type: match", "type: match\n    suppress: 10x")));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("10x");
  }

  @Test
  void refusesThresholdWithCountBelowTwo() throws IOException {
    String threshold =
        """
            title: T
            class: t
            severity: low
            type: threshold
            match:
              - field: url.path
                prefix: /login
            group_by: source.ip
            count: 1
            window: 60s
        """;
    Path p = withSecondRule(rule("mm-threshold", threshold));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: rule 'mm-threshold': ")
        .hasMessageContaining("'count'");
  }

  @Test
  void refusesEntryThatIsNotARule() throws IOException {
    // Regression: a non-mapping entry ended the list silently and every later rule was dropped.
    Path p = write("rules:\n" + GOOD + "  - just a string\n" + rule("mm-later", MATCH_BODY));

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ":10: ")
        .hasMessageContaining("must be a rule");
  }

  @Test
  void refusesRulesThatAreNotAList() throws IOException {
    Path p = write("rules:\n  id: x\n");

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("'rules' must be a list");
  }

  @Test
  void refusesAFileWithoutRules() throws IOException {
    Path p = write("other: 1\n");

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessage(p + ": no 'rules' list");
  }

  @Test
  void refusesATopLevelList() throws IOException {
    Path p = write("- id: x\n");

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("expected a mapping");
  }

  @Test
  void refusesInvalidYamlNamingTheFile() throws IOException {
    Path p = write("rules:\n  - id: a\n    title: [unclosed\n");

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ": not valid YAML");
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path p = dir.resolve("absent.yml");

    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith(p + ": cannot read");
  }

  @Test
  void givesEveryBuiltinRuleAJapaneseTitle() {
    var titles = loader.builtinJapaneseTitles();

    assertThat(titles.keySet())
        .containsExactlyInAnyOrderElementsOf(
            loader.loadBuiltin().stream().map(r -> r.meta().title()).toList());
    assertThat(titles.values()).allMatch(t -> !t.isBlank());
  }
}
