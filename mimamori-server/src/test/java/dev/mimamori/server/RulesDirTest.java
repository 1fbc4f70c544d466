package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesDirTest {
  static final String SIGMA_PACKAGES_PHP =
      """
      title: Request to a PHP file in user_data
      id: 3b1c5c52-52a4-4bd8-9d1b-7f5a0b3c9e11
      status: test
      logsource:
        category: webserver
      detection:
        selection:
          cs-uri-stem|startswith: '/html/user_data/'
          cs-uri-stem|endswith: '.php'
        condition: selection
      level: critical
      """;

  @TempDir Path dir;

  @Test
  void runsTheSigmaRulesOfItsRulesDirectoryBesideTheBuiltIns() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("user-data-php.yml"), SIGMA_PACKAGES_PHP);
    Path log = ServerFixture.writeLog(dir);
    ServerConfig config = ServerFixture.config(dir.resolve("data"), log, null).withRules(rules);
    try (MimamoriRuntime rt =
        MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD)) {
      ServerFixture.awaitAlerts(rt, 2);

      assertThat(
              rt
                  .store()
                  .incidents()
                  .alerts(dev.mimamori.store.TenantScope.allTenants(), null, 100, 0)
                  .items()
                  .stream()
                  .map(dev.mimamori.model.Alert::ruleId)
                  .toList())
          .contains("3b1c5c52-52a4-4bd8-9d1b-7f5a0b3c9e11", "mm-web-php-in-user-data");
    }
  }

  @Test
  void loadsOwnAndSigmaRulesAndReportsABrokenFile() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("user-data-php.yml"), SIGMA_PACKAGES_PHP);
    Files.writeString(rules.resolve("broken.yml"), "title: [unclosed\n");

    RuleFiles loaded = RuleFiles.load(rules);

    assertThat(List.of(loaded.sigma().ruleSet().rules().size(), loaded.errors().size()))
        .containsExactly(1, 1);
  }
}
