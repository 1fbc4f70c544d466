package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  static final String RULES =
      """
      rule eval_of_post : webshell
      {
        meta:
          description = "PHP evaluates what the request posts"
        strings:
          $e = "eval($_POST"
        condition:
          $e
      }
      """;

  @TempDir Path root;
  @TempDir Path rulesDir;
  Path web;

  @BeforeEach
  void files() throws Exception {
    web = Files.createDirectories(root.resolve("html"));
    Files.writeString(rulesDir.resolve("web.yar"), RULES);
  }

  Path write(String name, String content) throws Exception {
    Path p = web.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  MainTest.Result scan(String... extra) {
    // The YARA rule alone, so each test sees one engine's findings; the built-in detectors are
    // tested with their own cases.
    List<String> args =
        new ArrayList<>(List.of("scan", "--no-builtin", "--rules", rulesDir.toString()));
    args.addAll(List.of(extra));
    args.add(web.toString());
    return MainTest.run(args.toArray(String[]::new));
  }

  static List<JsonNode> lines(MainTest.Result r) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.out().lines().toList()) {
      out.add(new ObjectMapper().readTree(l));
    }
    return out;
  }

  @Test
  void exitsWithOneWhenSomethingWasFound() throws Exception {
    write("user_data/shell.php", "<?php eval($_POST['c']);");
    write("index.php", "<?php echo 1;");

    assertThat(scan().code()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void theBuiltInDetectorsAloneFindAWebShell() throws Exception {
    write("user_data/shell.php", "<?php @eval($_POST['c']);");

    JsonNode report = lines(MainTest.run("scan", "--json", web.toString())).get(0);

    assertThat(report.get("severity").asText()).isEqualTo("critical");
  }

  @Test
  void exitsWithZeroWhenEverythingIsClean() throws Exception {
    write("index.php", "<?php echo 1;");

    assertThat(scan().code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void exitsWithTwoWhenNoBuiltinComesWithoutRules() throws Exception {
    write("index.php", "x");

    assertThat(MainTest.run("scan", "--no-builtin", web.toString()).code())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void exitsWithTwoOnAnUnknownOption() {
    assertThat(MainTest.run("scan", "--frobnicate", web.toString()).code())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void printsOneJsonObjectPerFileWithFindingsOnly() throws Exception {
    write("user_data/shell.php", "<?php eval($_POST['c']);");
    write("index.php", "<?php echo 1;");

    List<JsonNode> out = lines(scan("--json"));

    assertThat(out)
        .extracting(n -> n.get("path").asText())
        .containsExactly(web.resolve("user_data/shell.php").toString());
  }

  @Test
  void theJsonObjectHasSeverityRulesReasonsFindingsHashAndSize() throws Exception {
    write("shell.php", "eval($_POST[1])");

    JsonNode n = lines(scan("--json")).get(0);

    assertThat(
            List.of(
                n.get("severity").asText(),
                n.get("rules").toString(),
                n.get("reasons").toString(),
                n.get("findings").get(0).get("engine").asText(),
                n.get("findings").get(0).get("tags").toString(),
                n.get("sha256").asText(),
                n.get("size").asText()))
        .containsExactly(
            "high",
            "[\"eval_of_post\"]",
            "[\"PHP evaluates what the request posts (web.yar)\"]",
            "yara",
            "[\"webshell\"]",
            "87b8ebf1aeb55dfa86ef4ebae5df8c4f49debebf4a4a65c4bd2855edc83208db",
            "15");
  }

  @Test
  void allAlsoPrintsCleanFiles() throws Exception {
    write("index.php", "<?php echo 1;");

    List<JsonNode> out = lines(scan("--json", "--all"));

    assertThat(out).singleElement().satisfies(n -> assertThat(n.get("severity").isNull()).isTrue());
  }

  @Test
  void aHumanLineNamesTheSeverityPathAndRule() throws Exception {
    Path shell = write("shell.php", "eval($_POST[1])");

    String out = scan().out();

    assertThat(out)
        .isEqualTo(
            "high      "
                + shell
                + "  eval_of_post: PHP evaluates what the request posts (web.yar)"
                + System.lineSeparator());
  }

  @Test
  void refusedRulesAreListedOnStderrWithFileAndLineAndTheRestStillScan() throws Exception {
    Files.writeString(rulesDir.resolve("broken.yar"), "\nrule broken { condition: nope }\n");
    write("shell.php", "eval($_POST[1])");

    MainTest.Result r = scan();

    assertThat(r.err())
        .contains("rule refused: " + rulesDir.resolve("broken.yar") + ":2: rule broken");
    assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void theSummaryOnStderrCountsFilesFindingsAndRefusedRules() throws Exception {
    write("shell.php", "eval($_POST[1])");
    write("index.php", "ok");

    String err = scan().err();

    assertThat(err)
        .contains("scanned 2 files")
        .contains("1 with findings (1 finding)")
        .contains("0 refused");
  }

  @Test
  void aMissingPathIsAFailure() {
    assertThat(
            MainTest.run("scan", "--rules", rulesDir.toString(), root.resolve("nope").toString())
                .code())
        .isEqualTo(ExitCodes.FAILURE);
  }
}
