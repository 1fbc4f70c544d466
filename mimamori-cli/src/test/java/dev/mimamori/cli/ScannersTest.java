package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.scan.ContentScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannersTest {
  static final String RULE =
      "rule eval_of_post : webshell { strings: $e = \"eval($_POST\" condition: $e }\n";

  @TempDir Path dir;

  @Test
  void rulesAddAYaraScannerAndRefusedRulesAreReported() throws Exception {
    Path rules = Files.writeString(dir.resolve("r.yar"), RULE + "rule bad { condition: nope }\n");
    StringWriter err = new StringWriter();

    try (Scanners s = Scanners.load(List.of(rules), new PrintWriter(err, true))) {
      assertThat(s.list()).extracting(ContentScanner::engine).containsExactly("mimamori", "yara");
      assertThat(err.toString()).contains(rules + ":2: rule bad");
    }
  }

  @Test
  void fimCheckScansAChangedFileWithTheYaraRules() throws Exception {
    Path rules = Files.writeString(dir.resolve("r.yar"), RULE);
    Path root = Files.createDirectories(dir.resolve("shop/html/user_data"));
    Path data = dir.resolve("data");
    MainTest.run("fim", "baseline", dir.resolve("shop").toString(), "--data-dir", data.toString());
    Files.writeString(root.resolve("x.php"), "<?php eval($_POST['c']);\n");

    MainTest.Result r =
        MainTest.run(
            "fim",
            "check",
            dir.resolve("shop").toString(),
            "--data-dir",
            data.toString(),
            "--json",
            "--rules",
            rules.toString());

    JsonNode change = new ObjectMapper().readTree(r.out().strip());
    assertThat(change.get("findings").findValuesAsText("rule")).contains("eval_of_post");
  }
}
