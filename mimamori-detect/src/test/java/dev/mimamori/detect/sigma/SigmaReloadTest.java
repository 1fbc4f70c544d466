package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.EventView;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reloaded Sigma rule set keeps the correlation state of correlations that did not change. */
class SigmaReloadTest {
  static final String PROBE =
      """
      title: Admin probe
      name: admin_probe
      id: aaaaaaaa-0000-4000-8000-000000000001
      logsource: {category: webserver}
      detection:
          selection:
              cs-uri-stem|startswith: /admin
          condition: selection
      """;
  static final String CORRELATION =
      """
      title: Admin probing
      id: cccccccc-0000-4000-8000-000000000001
      level: high
      correlation:
          type: event_count
          rules:
              - admin_probe
          group-by:
              - c-ip
          timespan: 10m
          condition:
              gte: %d
      """;

  static SigmaRuleSet load(String text) {
    SigmaLoad load = new SigmaLoader().load("corr.yml", text);
    assertThat(load.errors()).isEmpty();
    return load.ruleSet();
  }

  static SigmaRuleSet rules(int count) {
    return load(PROBE + "---\n" + CORRELATION.formatted(count));
  }

  static Event probe(long seconds) {
    return Events.request("GET", "/admin/x" + seconds)
        .timestamp(Events.T0.plusSeconds(seconds))
        .build();
  }

  static List<String> fired(SigmaRuleSet set, Event... events) {
    List<String> ids = new ArrayList<>();
    for (Event e : events) {
      set.evaluate(new EventView(e)).forEach(f -> ids.add(f.meta().id()));
    }
    return ids;
  }

  @Test
  void anUnchangedCorrelationKeepsItsHalfCountedWindow() {
    SigmaRuleSet before = rules(3);
    fired(before, probe(0), probe(10));
    SigmaRuleSet after = rules(3);

    after.keepStateOf(before);

    assertThat(fired(after, probe(20))).containsExactly("cccccccc-0000-4000-8000-000000000001");
  }

  @Test
  void aCorrelationWhoseDefinitionChangedStartsAfresh() {
    SigmaRuleSet before = rules(3);
    fired(before, probe(0), probe(10));

    assertThat(rules(4).keepStateOf(before)).isEmpty();
  }

  @Test
  void aCorrelationWhoseReferencedRuleChangedStartsAfresh() {
    SigmaRuleSet before = rules(3);
    SigmaRuleSet after =
        load(PROBE.replace("/admin", "/administrator") + "---\n" + CORRELATION.formatted(3));

    assertThat(after.keepStateOf(before)).isEmpty();
  }

  @Test
  void aCorrelationMovedDownItsFileKeepsItsState() {
    SigmaRuleSet before = rules(3);
    SigmaRuleSet after = load("# a new comment\n\n" + PROBE + "---\n" + CORRELATION.formatted(3));

    assertThat(after.keepStateOf(before)).containsExactly("cccccccc-0000-4000-8000-000000000001");
  }
}
