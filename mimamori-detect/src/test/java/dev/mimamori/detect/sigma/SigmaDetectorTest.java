package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.detect.RuleSet;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The detector running the built-in rules and a Sigma rule set together. */
class SigmaDetectorTest {
  private static final String XSS =
      """
      title: XSS in the query
      id: dddddddd-0000-4000-8000-000000000001
      level: critical
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-query|contains: '<script'
          condition: selection
      """;
  private static final String PROBING =
      """
      title: Admin probe
      name: probe
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-stem|startswith: /admin
          condition: selection
      ---
      title: Admin probing
      id: dddddddd-0000-4000-8000-000000000002
      correlation:
          type: event_count
          rules: [probe]
          group-by: [c-ip]
          timespan: 1m
          condition: {gte: 3}
      """;

  private static Detector detector(String sigma) {
    SigmaLoad load = new SigmaLoader().load("sigma.yml", sigma);
    return Detector.ofRuleSets(
        List.of(RuleSet.of(new RuleLoader().loadBuiltin()), load.ruleSet()), () -> "alert");
  }

  private static List<Alert> process(Detector d, Event... events) {
    List<Alert> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(d.process(e));
    }
    return out;
  }

  @Test
  void runsSigmaRulesAlongsideTheBuiltinRules() {
    List<Alert> alerts = process(detector(XSS), Events.get("/p?q=%3Cscript%3Ealert(1)"));

    assertThat(alerts)
        .extracting(Alert::ruleId)
        .containsExactly("mm-web-xss-payload", "dddddddd-0000-4000-8000-000000000001");
  }

  @Test
  void aSigmaAlertCarriesTheRulesClassAndSeverity() {
    Alert a = process(detector(XSS), Events.get("/p?q=<script>")).get(1);

    assertThat(List.of(a.ruleClass(), a.severity())).containsExactly("web.xss", Severity.CRITICAL);
  }

  @Test
  void sigmaAlertsAreSuppressedLikeBuiltinOnes() {
    Event e = Events.get("/p?q=<script>");

    List<Alert> alerts = process(detector(XSS), e, e);

    assertThat(alerts)
        .extracting(Alert::ruleId)
        .filteredOn(id -> id.startsWith("dddddddd"))
        .hasSize(1);
  }

  @Test
  void aCorrelatedAlertCarriesEveryEvent() {
    Event[] probes = new Event[3];
    for (int i = 0; i < 3; i++) {
      probes[i] = Events.request("GET", "/admin/p" + i).timestamp(Events.T0.plusSeconds(i)).build();
    }

    List<Alert> alerts = process(detector(PROBING), probes);

    assertThat(alerts)
        .filteredOn(a -> a.ruleId().equals("dddddddd-0000-4000-8000-000000000002"))
        .singleElement()
        .satisfies(a -> assertThat(a.evidence()).hasSize(3));
  }

  @Test
  void countsTheRulesOfEverySet() {
    assertThat(detector(PROBING).ruleCount()).isEqualTo(new RuleLoader().loadBuiltin().size() + 2);
  }

  @Test
  void theDemoLogStillFiresEveryBuiltinStageWithTheCorpusLoaded() {
    Detector d =
        Detector.ofRuleSets(
            List.of(RuleSet.of(new RuleLoader().loadBuiltin()), SigmaCorpusTest.corpus()),
            () -> "alert");
    Set<String> ids = new TreeSet<>();
    for (Event e : DemoEvents.load()) {
      d.process(e).forEach(a -> ids.add(a.ruleId()));
    }

    assertThat(ids)
        .contains(
            "mm-web-xss-payload",
            "mm-eccube-admin-order-mail",
            "mm-eccube-file-manager-upload",
            "mm-web-login-bruteforce",
            "mm-web-scanner-user-agent");
  }
}
