package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.CompiledRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
  static final String ADMINER =
      """
      title: Adminer probe
      id: mm-test-adminer
      logsource:
        category: webserver
      detection:
        selection:
          cs-uri-stem|endswith: '/adminer.php'
        condition: selection
      level: high
      """;

  @TempDir Path dir;

  private static List<String> ids(RuleFiles f) {
    List<CompiledRule> all = new ArrayList<>(f.own());
    all.addAll(f.sigma().ruleSet().rules());
    return all.stream().map(r -> r.meta().id()).toList();
  }

  @Test
  void runsTheBuiltinRulesBesideADirectorysRules() throws Exception {
    Files.writeString(dir.resolve("adminer.yml"), ADMINER);

    assertThat(ids(RuleFiles.withBuiltins(dir)))
        .contains("mm-test-adminer", "mm-web-xss-payload", "mm-web-php-in-user-data");
  }

  @Test
  void aDirectoryRuleWithABuiltinsIdReplacesIt() throws Exception {
    Files.writeString(
        dir.resolve("probe.yml"), ADMINER.replace("mm-test-adminer", "mm-web-scanner-user-agent"));

    RuleFiles files = RuleFiles.withBuiltins(dir);

    assertThat(ids(files)).containsOnlyOnce("mm-web-scanner-user-agent");
  }

  @Test
  void aReplacedBuiltinCountsAsTheDirectorysRule() throws Exception {
    Files.writeString(
        dir.resolve("probe.yml"), ADMINER.replace("mm-test-adminer", "mm-web-scanner-user-agent"));

    assertThat(RuleFiles.withBuiltins(dir).builtinIds())
        .doesNotContain("mm-web-scanner-user-agent")
        .contains("mm-web-xss-payload");
  }

  @Test
  void loadReadsOnlyTheDirectory() throws Exception {
    Files.writeString(dir.resolve("adminer.yml"), ADMINER);

    assertThat(ids(RuleFiles.load(dir))).containsExactly("mm-test-adminer");
  }
}
