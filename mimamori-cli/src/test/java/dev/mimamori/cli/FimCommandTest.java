package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FimCommandTest {
  @TempDir Path dir;
  Path root;
  Path data;

  @BeforeEach
  void shop() throws Exception {
    root = dir.resolve("shop");
    data = dir.resolve("data");
    Files.createDirectories(root.resolve("src/Eccube/Common"));
    Files.createDirectories(root.resolve("html/user_data"));
    Files.writeString(
        root.resolve("src/Eccube/Common/Constant.php"), "<?php const VERSION = '4.2.0';\n");
    Files.writeString(root.resolve("index.php"), "<?php require 'x';\n");
  }

  private MainTest.Result fim(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "fim";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = root.toString();
    all[args.length + 2] = "--data-dir";
    all[args.length + 3] = data.toString();
    return MainTest.run(all);
  }

  @Test
  void checkExitsZeroWhenNothingChanged() {
    fim("baseline");
    assertThat(fim("check").code()).isZero();
  }

  @Test
  void checkExitsOneWhenSomethingChanged() throws Exception {
    fim("baseline");
    Files.writeString(root.resolve("html/user_data/x.php"), "<?php\n");
    assertThat(fim("check").code()).isEqualTo(1);
  }

  @Test
  void checkPrintsTheContractFieldsAsJson() throws Exception {
    fim("baseline");
    Files.writeString(root.resolve("html/user_data/x.php"), "<?php\n");
    JsonNode c = new ObjectMapper().readTree(fim("check", "--json").out().strip());
    assertThat(
            new String[] {
              c.get("path").asText(),
              c.get("change").asText(),
              c.get("severity").asText(),
              String.valueOf(c.get("reasons").isArray()),
              String.valueOf(c.get("findings").isArray())
            })
        .containsExactly("html/user_data/x.php", "added", "critical", "true", "true");
  }

  @Test
  void checkWithoutBaselineFailsClearly() {
    MainTest.Result r = fim("check");
    assertThat(r.err()).contains("fim baseline");
  }

  @Test
  void checkOfAMissingFolderIsAUsageError() {
    assertThat(
            MainTest.run(
                    "fim", "check", dir.resolve("nope").toString(), "--data-dir", data.toString())
                .code())
        .isEqualTo(2);
  }

  @Test
  void quarantineThenRestoreRoundTrips() throws Exception {
    Path shell = root.resolve("html/user_data/x.php");
    Files.writeString(shell, "<?php @eval($_POST['a']);\n");
    MainTest.Result q =
        MainTest.run(
            "quarantine", shell.toString(), "--data-dir", data.toString(), "--reason", "shell");
    String id = new ObjectMapper().readTree(q.out().strip()).get("id").asText();
    boolean goneAfterQuarantine = !Files.exists(shell);
    MainTest.run("restore", id, "--data-dir", data.toString());
    assertThat(goneAfterQuarantine && Files.readString(shell).contains("eval")).isTrue();
  }
}
