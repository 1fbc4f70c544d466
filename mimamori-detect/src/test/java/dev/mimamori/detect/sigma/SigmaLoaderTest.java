package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What loads: rule metadata, multi-document files, rule collections, placeholders, warnings. */
class SigmaLoaderTest {
  private static final String RULE =
      """
      title: Cross-site scripting in the query
      id: 11111111-2222-4333-8444-555555555555
      level: high
      tags:
          - attack.initial-access
          - attack.t1189
      logsource:
          category: webserver
      detection:
          selection:
              cs-uri-query|contains: '<script'
          condition: selection
      """;

  private static List<Firing> fire(SigmaLoad load, String target) {
    return load.ruleSet().evaluate(new EventView(Events.get(target)));
  }

  @Test
  void givesTheRuleItsSigmaIdAndTitle() {
    SigmaRule r = new SigmaLoader().load("r.yml", RULE).ruleSet().rules().get(0);

    assertThat(r.meta().id()).isEqualTo("11111111-2222-4333-8444-555555555555");
    assertThat(r.meta().title()).isEqualTo("Cross-site scripting in the query");
  }

  @Test
  void mapsTheLevelToASeverity() {
    SigmaRule r = new SigmaLoader().load("r.yml", RULE).ruleSet().rules().get(0);

    assertThat(r.meta().severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void derivesTheRuleClassFromTheTitle() {
    SigmaRule r = new SigmaLoader().load("r.yml", RULE).ruleSet().rules().get(0);

    assertThat(r.meta().ruleClass()).isEqualTo("web.xss");
  }

  @Test
  void derivesTheRuleClassFromTags() {
    assertThat(RuleMetas.ruleClass("Suspicious plugin access", List.of("attack.t1505.003")))
        .isEqualTo("web.webshell");
  }

  @Test
  void classifiesAnExploitByItsCveTag() {
    assertThat(RuleMetas.ruleClass("Batch endpoint abuse", List.of("cve.2026-63030")))
        .isEqualTo("web.exploit");
  }

  @Test
  void mapsInformationalToInfo() {
    assertThat(RuleMetas.severity("informational")).isEqualTo(Severity.INFO);
  }

  @Test
  void usesTheConfiguredSuppression() {
    SigmaRule r = new SigmaLoader().load("r.yml", RULE).ruleSet().rules().get(0);

    assertThat(r.meta().suppress()).isEqualTo(SigmaOptions.defaults().suppress());
  }

  @Test
  void loadsEveryDocumentOfAMultiDocumentFile() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "two.yml",
                RULE
                    + "---\n"
                    + RULE.replace("11111111", "21111111").replace("<script", "onerror="));

    assertThat(load.ruleSet().rules()).hasSize(2);
  }

  @Test
  void appliesTheGlobalDocumentOfARuleCollection() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "collection.yml",
                """
                action: global
                title: Admin probes
                logsource:
                    category: webserver
                detection:
                    selection_method:
                        cs-method: GET
                    condition: all of selection_*
                ---
                id: 00000000-0000-4000-8000-00000000000a
                detection:
                    selection_path:
                        cs-uri-stem: /admin
                ---
                id: 00000000-0000-4000-8000-00000000000b
                detection:
                    selection_path:
                        cs-uri-stem: /manager
                """);

    assertThat(load.errors()).isEmpty();
    assertThat(fire(load, "/manager"))
        .extracting(f -> f.meta().id())
        .containsExactly("00000000-0000-4000-8000-00000000000b");
  }

  @Test
  void givesRulesWithoutIdAnIdFromTheirFileAndLine() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "rules/no-ids.yml",
                """
                action: global
                title: Probe
                logsource: {category: webserver}
                detection:
                    condition: selection
                ---
                detection:
                    selection:
                        cs-uri-stem: /a
                ---
                detection:
                    selection:
                        cs-uri-stem: /b
                """);

    assertThat(load.ruleSet().rules())
        .extracting(r -> r.meta().id())
        .containsExactly("sigma:no-ids.yml:7", "sigma:no-ids.yml:11");
  }

  @Test
  void repeatsThePreviousRuleWithChanges() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "repeat.yml",
                RULE
                    + "---\n"
                    + "action: repeat\n"
                    + "id: 31111111-2222-4333-8444-555555555555\n"
                    + "detection:\n"
                    + "    selection:\n"
                    + "        cs-uri-query|contains: 'javascript:'\n");

    assertThat(fire(load, "/p?u=javascript:alert(1)"))
        .extracting(f -> f.meta().id())
        .containsExactly("31111111-2222-4333-8444-555555555555");
  }

  @Test
  void expandsConfiguredPlaceholders() {
    SigmaLoader loader =
        new SigmaLoader(
            SigmaOptions.defaults()
                .withPlaceholders(Map.of("AdminPaths", List.of("/admin*", "/manager*"))));
    SigmaLoad load =
        loader.load(
            "expand.yml",
            """
            title: Admin path from outside
            logsource: {category: webserver}
            detection:
                selection:
                    cs-uri-stem|expand: '%AdminPaths%'
                condition: selection
            """);

    assertThat(fire(load, "/manager/html")).hasSize(1);
  }

  @Test
  void warnsOfAFieldWithoutMapping() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "unmapped.yml",
                """
                title: Unmapped
                logsource: {category: webserver}
                detection:
                    selection:
                        cs-uri-stem: /x
                        s-sitename: W3SVC1
                    condition: selection
                """);

    assertThat(load.warnings())
        .containsExactly(
            new LoadWarning(
                "unmapped.yml",
                6,
                "field 's-sitename' has no mimamori (ECS) mapping: it is looked up as written, and"
                    + " no mimamori event has it"));
  }

  @Test
  void namesTheRequiredLiteralOfARule() {
    SigmaRule r = new SigmaLoader().load("r.yml", RULE).ruleSet().rules().get(0);

    assertThat(r.prefilterLiterals()).containsExactly("url.query: <script");
  }

  @Test
  void picksTheLongestLiteralAcrossAndedItems() {
    SigmaRule r =
        new SigmaLoader()
            .load(
                "r.yml",
                """
                title: t
                logsource: {category: webserver}
                detection:
                    selection:
                        cs-method: POST
                        cs-uri-stem|contains: '/wp-admin/admin-ajax.php'
                    condition: selection
                """)
            .ruleSet()
            .rules()
            .get(0);

    assertThat(r.prefilterLiterals()).containsExactly("url.path: /wp-admin/admin-ajax.php");
  }

  @Test
  void asksForALiteralOfEveryAndedItem() {
    SigmaRule r =
        new SigmaLoader()
            .load(
                "r.yml",
                """
                title: t
                logsource: {category: webserver}
                detection:
                    post:
                        cs-method: POST
                    folder:
                        cs-uri-stem|contains: ['/img/', '/assets/']
                    condition: post and folder
                """)
            .ruleSet()
            .rules()
            .get(0);

    assertThat(r.prefilterClauses())
        .containsExactly(
            List.of("url.path: /img/", "url.path: /assets/"), List.of("http.request.method: post"));
  }

  @Test
  void asksForOneClauseOfEitherSideOfAnOr() {
    SigmaRule r =
        new SigmaLoader()
            .load(
                "r.yml",
                """
                title: t
                logsource: {category: webserver}
                detection:
                    post:
                        cs-method: POST
                    folder:
                        cs-uri-stem|contains: '/assets/'
                    agent:
                        c-useragent|contains: 'sqlmap'
                    condition: (post and folder) or agent
                """)
            .ruleSet()
            .rules()
            .get(0);

    assertThat(r.prefilterClauses())
        .containsExactly(List.of("url.path: /assets/", "user_agent.original: sqlmap"));
  }

  @Test
  void leavesARuleWithoutLiteralsUnfiltered() {
    SigmaRule r =
        new SigmaLoader()
            .load(
                "r.yml",
                """
                title: t
                logsource: {category: webserver}
                detection:
                    selection:
                        sc-status|gte: 500
                    condition: selection
                """)
            .ruleSet()
            .rules()
            .get(0);

    assertThat(r.prefilterLiterals()).isEmpty();
  }
}
