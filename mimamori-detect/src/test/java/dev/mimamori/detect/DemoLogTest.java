package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EC-CUBE skimming demo log, end to end through the parser and the built-in rules. */
class DemoLogTest {
  private static final Path DEMO_LOG =
      Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log");

  private static final List<String> rejections = new ArrayList<>();
  private static final List<Alert> alerts = new ArrayList<>();
  private static int lines;

  @BeforeAll
  static void runTheDemoLog() throws IOException {
    CombinedLogParser parser = new CombinedLogParser();
    Detector detector = new Detector(new RuleLoader().loadBuiltin());
    List<String> all = Files.readAllLines(DEMO_LOG, StandardCharsets.UTF_8);
    long offset = 0;
    for (int k = 0; k < all.size(); k++) {
      String line = all.get(k);
      ParseResult r =
          parser.parse(
              line, new LineContext("demo", "furusato-shop", DEMO_LOG.toString(), offset, k + 1));
      offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
      lines++;
      if (r instanceof ParseResult.Parsed p) {
        alerts.addAll(detector.process(p.event()));
      } else {
        rejections.add((k + 1) + ": " + ((ParseResult.Rejected) r).reason());
      }
    }
  }

  private static Set<String> firedRuleIds() {
    Set<String> ids = new TreeSet<>();
    alerts.forEach(a -> ids.add(a.ruleId()));
    return ids;
  }

  @Test
  void readsANonTrivialLog() {
    assertThat(lines).isGreaterThan(100);
  }

  @Test
  void parsesEveryLine() {
    assertThat(rejections).isEmpty();
  }

  @Test
  void firesEveryStageOfTheAttackChain() {
    assertThat(firedRuleIds())
        .contains(
            "mm-web-xss-payload",
            "mm-eccube-admin-order-mail",
            "mm-eccube-file-manager-upload",
            "mm-web-php-in-user-data",
            "mm-web-large-php-response",
            "mm-web-login-bruteforce",
            "mm-web-scanner-user-agent");
  }

  @Test
  void alertsBelongToTheDemoShop() {
    assertThat(alerts)
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.tenant()).isEqualTo("demo");
              assertThat(a.asset()).isEqualTo("furusato-shop");
              assertThat(a.evidence()).isNotEmpty();
            });
  }

  @Test
  void bruteForceAlertPointsAtTheGuessingAddress() {
    assertThat(alerts)
        .filteredOn(a -> a.ruleId().equals("mm-web-login-bruteforce"))
        .extracting(Alert::sourceIp)
        .containsOnly("203.0.113.13");
  }

  @Test
  void storefrontAssetRequestsRaiseNoAlert() {
    assertThat(alerts)
        .flatExtracting(Alert::evidence)
        .noneMatch(ev -> ev.original().contains("\"GET /html/user_data/assets/js/customize.js "));
  }
}
