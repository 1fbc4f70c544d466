package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * User agents and referrers come back request after request, so the prefilter keeps the patterns it
 * found in them: a value seen again, in any order and however its slot was taken over meanwhile,
 * makes the same rules candidates as searching it afresh, so the rules fire as evaluating every
 * rule on every event does.
 */
class PrefilterRepeatCacheTest {
  private static final String RULES =
      """
      title: Scanner user agent
      id: 00000000-0000-4000-8000-000000000001
      status: test
      level: high
      logsource: {category: webserver}
      detection:
        selection:
          c-useragent|contains: ['sqlmap', 'nikto', 'masscan']
        condition: selection
      ---
      title: Encoded script in the referrer
      id: 00000000-0000-4000-8000-000000000002
      status: test
      level: medium
      logsource: {category: webserver}
      detection:
        selection:
          cs-referer|contains: '<script'
        condition: selection
      ---
      title: Shell in the referrer and a scanner agent
      id: 00000000-0000-4000-8000-000000000003
      status: test
      level: high
      logsource: {category: webserver}
      detection:
        ref:
          cs-referer|contains: 'cmd.php'
        agent:
          c-useragent|contains: 'curl'
        condition: ref and agent
      """;

  private static final String[] AGENTS = {
    Events.BROWSER,
    "sqlmap/1.7.2#stable (https://sqlmap.org)",
    "Mozilla/5.0 (compatible; Nikto/2.5.0)",
    "curl/8.4.0",
    "curl/8.4.0 sqlmap masscan nikto",
    "SQLMAP",
    "%73qlmap",
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
  };

  private static final String[] REFERRERS = {
    "https://shop.example/products/list",
    "https://shop.example/cmd.php",
    "https://shop.example/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "https://shop.example/?q=<SCRIPT>",
    "-",
  };

  private static Event event(String agent, String referrer, int n) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("http.request.method", "GET");
    f.put("http.response.status_code", "200");
    f.put("source.ip", "203.0.113." + (n % 200));
    f.put("url.original", "/products/detail/" + n);
    f.put("user_agent.original", agent);
    f.put("http.request.referrer", referrer);
    f.put("event.original", "line " + n);
    return Events.fromFields(f);
  }

  private static List<String> ids(List<Firing> fs) {
    return fs.stream().map(f -> f.meta().id()).toList();
  }

  @Test
  void repeatedUserAgentsAndReferrersFireAsEvaluatingEveryRule() {
    SigmaRuleSet prefiltered = new SigmaLoader().load("rules.yml", RULES).ruleSet();
    SigmaRuleSet everyRule = prefiltered.withoutPrefilter();
    // Filler values share the cache's slots with the ones that matter, so entries are replaced
    // and found again in between.
    List<String> agents = new ArrayList<>(List.of(AGENTS));
    List<String> referrers = new ArrayList<>(List.of(REFERRERS));
    for (int i = 0; i < 3 * Prefilter.SLOTS; i++) {
      agents.add("agent-" + i);
      referrers.add("https://shop.example/page/" + i);
    }
    Random random = new Random(5);
    List<String> differences = new ArrayList<>();
    int fired = 0;
    for (int n = 0; n < 40_000; n++) {
      String agent =
          random.nextBoolean()
              ? AGENTS[random.nextInt(AGENTS.length)]
              : agents.get(random.nextInt(agents.size()));
      String referrer =
          random.nextBoolean()
              ? REFERRERS[random.nextInt(REFERRERS.length)]
              : referrers.get(random.nextInt(referrers.size()));
      Event e = event(agent, referrer, n);
      List<String> a = ids(prefiltered.evaluate(new EventView(e)));
      List<String> b = ids(everyRule.evaluate(new EventView(e)));
      fired += b.size();
      if (!a.equals(b)) {
        differences.add(agent + " | " + referrer + ": prefiltered " + a + ", every rule " + b);
      }
    }

    assertThat(differences).isEmpty();
    assertThat(fired).isGreaterThan(10_000); // the comparison covers firing rules, not only quiet
  }

  @Test
  void aValueWithEveryPatternManyTimesFiresOnEveryPass() {
    SigmaRuleSet prefiltered = new SigmaLoader().load("rules.yml", RULES).ruleSet();
    String hostile = "sqlmap nikto masscan curl ".repeat(5);
    for (int pass = 0; pass < 3; pass++) {
      assertThat(ids(prefiltered.evaluate(new EventView(event(hostile, "-", pass)))))
          .containsExactly("00000000-0000-4000-8000-000000000001");
    }
  }
}
