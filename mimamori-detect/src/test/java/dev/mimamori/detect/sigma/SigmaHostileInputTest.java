package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.model.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attacker-sized values: a megabyte of one character repeated, evaluated by every corpus rule and
 * by rules written to be slow on it. Matching is linear (RE2, star-segment globs, one automaton
 * pass per field), so these finish like any other event; the tests check the verdicts.
 */
class SigmaHostileInputTest {
  private static final int MB = 1 << 20;

  private static final String TRAPS =
      """
      title: Regex trap
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-query|re: '(\\(+)+x|(a|aa)*b|(.*)*y'
          condition: selection
      ---
      title: Wildcard trap
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-query: '*(*(*(*(*(*(*x'
          condition: selection
      ---
      title: Question mark trap
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-query|contains: '(?(?(?(?(?(?x'
          condition: selection
      """;

  /** The titles of the rules that fire (not the firings: their events are a megabyte each). */
  private static List<String> evaluate(Event e) {
    SigmaRuleSet corpus = SigmaCorpusTest.corpus();
    SigmaRuleSet traps = new SigmaLoader().load("traps.yml", TRAPS).ruleSet();
    List<Firing> out = new java.util.ArrayList<>(corpus.evaluate(new EventView(e)));
    out.addAll(traps.evaluate(new EventView(e)));
    return out.stream().map(f -> f.meta().title()).toList();
  }

  @Test
  void aMegabyteOfOpeningParenthesesMatchesNothing() {
    Event e = Events.get("/search?q=" + "(".repeat(MB));

    assertThat(evaluate(e)).isEmpty();
  }

  @Test
  void aMegabyteOfEncodedPercentSignsMatchesNothing() {
    Event e = Events.get("/search?q=" + "%25".repeat(MB / 3));

    assertThat(evaluate(e)).isEmpty();
  }

  @Test
  void aMegabyteOfParenthesesWithTheNeedleAtTheEndMatchesTheTraps() {
    Event e = Events.get("/search?q=" + "(".repeat(MB) + "x");

    assertThat(evaluate(e))
        .containsExactlyInAnyOrder("Regex trap", "Wildcard trap", "Question mark trap");
  }

  @Test
  void aMegabyteOfTraversalStillFiresTheTraversalRule() {
    Event e = Events.get("/download?file=" + "../".repeat(MB / 3) + "etc/passwd");

    assertThat(evaluate(e)).contains("Path Traversal Exploitation Attempts");
  }
}
