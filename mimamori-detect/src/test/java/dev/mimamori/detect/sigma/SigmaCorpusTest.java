package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 152 published SigmaHQ web rules in the shared corpus, as published (skipped where the corpus
 * is absent: it is not part of the project).
 */
class SigmaCorpusTest {
  static final Path CORPUS = Path.of("/work/shared/corpus/rules/sigma");

  private static SigmaLoad load;

  @BeforeAll
  static void loadTheCorpus() {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "Sigma corpus not present");
    load = new SigmaLoader().load(CORPUS);
  }

  static SigmaRuleSet corpus() {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "Sigma corpus not present");
    return new SigmaLoader().load(CORPUS).ruleSet();
  }

  private static Set<String> titlesFiringOn(Event e) {
    Set<String> t = new TreeSet<>();
    corpus().evaluate(new EventView(e)).forEach(f -> t.add(f.meta().title()));
    return t;
  }

  @Test
  void everyCorpusFileLoads() {
    assertThat(load.filesLoaded()).isEqualTo(152);
  }

  @Test
  void noCorpusFileFailsToLoad() {
    // The exact set of files that cannot load: none.
    assertThat(load.errors()).isEmpty();
  }

  @Test
  void everyCorpusFieldHasAMapping() {
    assertThat(load.warnings()).isEmpty();
  }

  @Test
  void loadsOneRulePerFile() {
    assertThat(load.ruleSet().rules()).hasSize(152);
  }

  @Test
  void mostRulesHaveALiteralToPrefilterOn() {
    assertThat(load.ruleSet().unfilteredRuleCount()).isEqualTo(6);
  }

  @Test
  void firesOnAGitConfigProbe() {
    assertThat(titlesFiringOn(Events.get("/.git/config")))
        .contains("Source Code Enumeration Detection by Keyword");
  }

  @Test
  void firesOnTheWordPressBatchEndpointExploit() {
    Event e = Events.request("POST", "/?rest_route=%2Fbatch%2Fv1").statusCode(207).build();

    assertThat(titlesFiringOn(e)).contains("WordPress Wp2shell REST Batch Endpoint Exploitation");
  }

  @Test
  void firesOnAWebShellPluginWithACommand() {
    Event e = Events.get("/wp-content/plugins/wp2shell_abc/shell.php?cmd=id");

    assertThat(titlesFiringOn(e)).contains("WordPress Wp2shell Webshell Plugin Access");
  }

  @Test
  void staysQuietOnAStorefrontPage() {
    assertThat(titlesFiringOn(Events.get("/products/detail/12"))).isEmpty();
  }

  @Test
  void firesOnTheDemoLogAttack() {
    Set<String> titles = new TreeSet<>();
    SigmaRuleSet set = corpus();
    for (Event e : DemoEvents.load()) {
      set.evaluate(new EventView(e)).forEach(f -> titles.add(f.meta().title()));
    }

    assertThat(titles)
        .containsExactly(
            "Hack Tool User Agent",
            "Path Traversal Exploitation Attempts",
            "SQL Injection Strings In URI",
            "Source Code Enumeration Detection by Keyword",
            "Suspicious User-Agents Related To Recon Tools");
  }
}
