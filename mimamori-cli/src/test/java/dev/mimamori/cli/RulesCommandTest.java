package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
  static final String SIGMA_ADMINER =
      """
      title: Adminer probe
      id: 8f6c1b4e-1d2a-4f7b-9a55-0c3e2b1d9e01
      status: test
      logsource:
        category: webserver
      detection:
        selection:
          cs-uri-stem|endswith: '/adminer.php'
        condition: selection
      level: high
      """;

  @TempDir Path dir;

  @Test
  void listsTheBuiltinRules() {
    assertThat(MainTest.run("rules", "list").out()).contains("mm-web-xss-payload");
  }

  @Test
  void lintsAGoodSigmaFileWithoutError() throws Exception {
    Files.writeString(dir.resolve("adminer.yml"), SIGMA_ADMINER);

    assertThat(MainTest.run("rules", "lint", dir.toString()).code()).isZero();
  }

  @Test
  void namesTheFileAndLineOfABrokenRule() throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, SIGMA_ADMINER.replace("condition: selection", "condition: selectoin"));

    MainTest.Result r = MainTest.run("rules", "lint", bad.toString());

    assertThat(r.out()).containsPattern("error: .*bad\\.yml:\\d+: ");
  }

  @Test
  void exitsWithOneWhenARuleFileDoesNotLoad() throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "title: [unclosed\n");

    assertThat(MainTest.run("rules", "lint", bad.toString()).code()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void loadsEverySigmaRuleOfTheCorpus() {
    Path sigma = Path.of("../../shared/corpus/rules/sigma");
    Assumptions.assumeTrue(Files.isDirectory(sigma), "corpus not present");

    assertThat(MainTest.run("rules", "lint", sigma.toString()).out())
        .contains("152 rules loaded (152 Sigma, 0 correlations), 0 files not loaded");
  }

  @Test
  void detectRunsSigmaRulesOfADirectory() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("adminer.yml"), SIGMA_ADMINER);
    Path log = dir.resolve("access.log");
    Files.writeString(
        log,
        "203.0.113.5 - - [21/Nov/2026:10:00:00 +0900] \"GET /adminer.php HTTP/1.1\" 404 10"
            + " \"-\" \"curl/8\"\n");

    MainTest.Result r =
        MainTest.run("detect", "--json", "--rules", rules.toString(), log.toString());

    assertThat(r.out()).contains("\"rule.name\":\"Adminer probe\"");
  }

  @Test
  void testsTheBuiltinRulesCleanly() {
    MainTest.Result r = MainTest.run("rules", "test");

    assertThat(r.code()).as(r.out()).isZero();
  }

  @Test
  void exitsWithOneWhenARuleCaseFails() throws Exception {
    Path f = dir.resolve("adminer.yml");
    Files.writeString(
        f,
        SIGMA_ADMINER
            + "tests:\n  match:\n    - '203.0.113.5 - - [15/Mar/2021:10:00:00 +0900]"
            + " \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"'\n");

    MainTest.Result r = MainTest.run("rules", "test", f.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void namesTheFailingRuleAndCase() throws Exception {
    Path f = dir.resolve("adminer.yml");
    Files.writeString(
        f,
        SIGMA_ADMINER
            + "tests:\n  match:\n    - '203.0.113.5 - - [15/Mar/2021:10:00:00 +0900]"
            + " \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"'\n");

    assertThat(MainTest.run("rules", "test", f.toString()).out())
        .contains("FAIL 8f6c1b4e-1d2a-4f7b-9a55-0c3e2b1d9e01")
        .contains("FAIL match #1: did not fire");
  }

  @Test
  void detectRunsTheBuiltinRulesBesideADirectory() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("adminer.yml"), SIGMA_ADMINER);
    Path log = dir.resolve("access.log");
    Files.writeString(
        log,
        "203.0.113.5 - - [15/Mar/2021:10:00:00 +0900] \"GET /adminer.php HTTP/1.1\" 404 196 \"-\""
            + " \"sqlmap/1.5\"\n");

    MainTest.Result r =
        MainTest.run("detect", "--json", "--rules", rules.toString(), log.toString());

    assertThat(r.out())
        .contains("\"rule.name\":\"Adminer probe\"")
        .contains("\"rule.id\":\"mm-web-scanner-user-agent\"");
  }

  @Test
  void detectWithNoBuiltinRunsOnlyTheDirectory() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("adminer.yml"), SIGMA_ADMINER);
    Path log = dir.resolve("access.log");
    Files.writeString(
        log,
        "203.0.113.5 - - [15/Mar/2021:10:00:00 +0900] \"GET /adminer.php HTTP/1.1\" 404 196 \"-\""
            + " \"sqlmap/1.5\"\n");

    MainTest.Result r =
        MainTest.run(
            "detect", "--json", "--no-builtin", "--rules", rules.toString(), log.toString());

    assertThat(r.out()).doesNotContain("mm-web-scanner-user-agent");
  }
}
