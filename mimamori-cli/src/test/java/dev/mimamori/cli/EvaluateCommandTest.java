package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.cli.eval.Sample;
import dev.mimamori.cli.eval.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  static final String SHELL =
      "203.0.113.77 - - [21/Nov/2026:10:00:00 +0900] \"POST /html/user_data/ba5e1f.php HTTP/1.1\""
          + " 200 120 \"-\" \"curl/8.5.0\"";
  static final String BENIGN =
      "198.51.100.4 - - [21/Nov/2026:10:00:01 +0900] \"GET /products/list HTTP/1.1\" 200 5120"
          + " \"-\" \"Mozilla/5.0\"";

  @Test
  void countsADetectedAttackAndAQuietBenignLine() {
    Map<String, Score> scores = new LinkedHashMap<>();

    EvaluateCommand.score(
        List.of(new Sample("t", true, "webshell", SHELL), new Sample("t", false, "", BENIGN)),
        scores);

    Score s = scores.get("t");
    assertThat(List.of(s.attacks, s.detected, s.rightClass, s.benign, s.falseAlerts))
        .containsExactly(1L, 1L, 1L, 1L, 0L);
  }

  @Test
  void countsAnAttackReportedAsAnotherClassAsDetectedButNotRight() {
    Map<String, Score> scores = new LinkedHashMap<>();

    EvaluateCommand.score(List.of(new Sample("t", true, "sqli", SHELL)), scores);

    assertThat(scores.get("t").rightClass).isZero();
  }

  @Test
  void printsATableRowForEverySetOfTheCorpus() {
    Path corpus = Path.of("../../shared/corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "corpus not present");

    MainTest.Result r = MainTest.run("evaluate", "--corpus", corpus.toString());

    assertThat(r.out())
        .contains(
            "| HttpParamsDataset/sqli |",
            "| CRS/942-sqli |",
            "| crowdsec-hub/http:exploit |",
            "| fail2ban/apache-badbots |",
            "| elastic-examples |");
  }

  @Test
  void saysNotInstalledForEveryPeerWhoseBinaryIsAbsent(@TempDir Path dir) throws Exception {
    Path logs = Files.createDirectories(dir.resolve("httplogs/fail2ban/fail2ban/tests/files/logs"));
    Files.writeString(
        logs.resolve("apache-badbots"),
        "# failJSON: { \"match\": true }\n" + SHELL.replace("curl/8.5.0", "TrackBack/1.02") + "\n");
    Path none = dir.resolve("no-such-binary");

    MainTest.Result r =
        MainTest.run(
            "evaluate",
            "--corpus",
            dir.toString(),
            "--peers",
            "--fail2ban-regex",
            none.toString(),
            "--crowdsec",
            none.toString(),
            "--grep",
            none.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "| fail2ban/apache-badbots | 1 | 100.0% | not installed | not installed | not installed |")
        .contains(
            "fail2ban-regex: not installed",
            "CrowdSec: not installed",
            "grep (same rules): not installed");
  }

  @Test
  void measuresTheInstalledPeersOnTheSameLines(@TempDir Path dir) {
    Path corpus = Path.of("../../shared/corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "corpus not present");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/grep")), "no grep");

    MainTest.Result r =
        MainTest.run(
            "evaluate",
            "--corpus",
            corpus.toString(),
            "--only",
            "fail2ban/php-url-fopen,fail2ban/nginx-bad-request",
            "--peers",
            "--fail2ban-regex",
            dir.resolve("absent").toString(),
            "--crowdsec",
            dir.resolve("absent").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "| fail2ban/php-url-fopen | 1 | 100.0% | not installed | not installed | 100.0% |");
  }
}
