package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A detector that replaces another (a rule reload) carries on where it stopped. */
class DetectorHandOverTest {
  static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
  static final String RULES =
      """
      rules:
        - id: t-admin
          title: Admin request
          class: web.test
          severity: medium
          suppress: 10m
          type: match
          match:
            - field: url.path
              prefix: /admin
      """;

  static List<CompiledRule> rules() {
    return new RuleLoader()
        .load(new ByteArrayInputStream(RULES.getBytes(StandardCharsets.UTF_8)), "r.yml");
  }

  static Event admin(long seconds) {
    return Event.builder()
        .timestamp(T0.plusSeconds(seconds))
        .tenant("shop-a")
        .asset("shop")
        .dataset("http.access")
        .original("GET /admin")
        .sourceIp("192.0.2.1")
        .urlPath("/admin")
        .logFilePath("access.log")
        .logOffset(seconds)
        .build();
  }

  @Test
  void keepsTheSuppressionWindowsOfTheDetectorItContinuesFrom() {
    Detector before = new Detector(rules());
    before.process(admin(0));
    Detector after = new Detector(rules());

    after.continueFrom(before);

    assertThat(after.process(admin(60))).isEmpty();
  }

  @Test
  void keepsDefinitionFingerprintsOfAMovedRuleEqual() throws Exception {
    String moved = RULES.replace("rules:\n", "rules:\n  # a comment moves the rule down\n");

    assertThat(
            RuleDefinitions.ofRuleFile(
                new ByteArrayInputStream(moved.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(
            RuleDefinitions.ofRuleFile(
                new ByteArrayInputStream(RULES.getBytes(StandardCharsets.UTF_8))));
  }
}
