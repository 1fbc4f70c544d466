package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.cli.eval.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class EvaluateCommandTest {
  static final String SHELL =
      "203.0.113.77 - - [21/Nov/2026:10:00:00 +0900] \"POST /html/user_data/ba5e1f.php HTTP/1.1\""
          + " 200 120 \"-\" \"curl/8.5.0\"";
  static final String BENIGN =
      "198.51.100.4 - - [21/Nov/2026:10:00:01 +0900] \"GET /products/list HTTP/1.1\" 200 5120"
          + " \"-\" \"Mozilla/5.0\"";

  @Test
  void countsADetectedAttackAndAQuietBenignLine() {
    Map<String, EvaluateCommand.Score> scores = new LinkedHashMap<>();

    EvaluateCommand.score(
        List.of(new Sample("t", true, "webshell", SHELL), new Sample("t", false, "", BENIGN)),
        scores);

    EvaluateCommand.Score s = scores.get("t");
    assertThat(List.of(s.attacks, s.detected, s.rightClass, s.benign, s.falseAlerts))
        .containsExactly(1L, 1L, 1L, 1L, 0L);
  }

  @Test
  void countsAnAttackReportedAsAnotherClassAsDetectedButNotRight() {
    Map<String, EvaluateCommand.Score> scores = new LinkedHashMap<>();

    EvaluateCommand.score(List.of(new Sample("t", true, "sqli", SHELL)), scores);

    assertThat(scores.get("t").rightClass).isZero();
  }

  @Test
  void printsATableRowForEverySetOfTheCorpus() {
    Path corpus = Path.of("../../shared/corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "corpus not present");

    MainTest.Result r = MainTest.run("evaluate", "--corpus", corpus.toString());

    assertThat(r.out())
        .contains("| HttpParamsDataset/sqli |", "| CRS/942-sqli |", "| elastic-examples |");
  }
}
