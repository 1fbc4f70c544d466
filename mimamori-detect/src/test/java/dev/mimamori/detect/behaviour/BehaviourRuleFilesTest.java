package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.RuleLoadException;
import dev.mimamori.detect.RuleLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour rule types as people write them in rule files (snake_case, durations). */
class BehaviourRuleFilesTest {
  private static final String HEAD =
      """
      rules:
        - id: mm-custom
          title: Custom
          class: web.test
          severity: medium
          suppress: 10m
      """;

  private static List<CompiledRule> load(String settings) {
    String yaml = HEAD + settings.indent(4);
    return new RuleLoader()
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "custom.yml");
  }

  static Stream<Arguments> validRules() {
    return Stream.of(
        Arguments.of(
            "aggregate with one group field written as a word",
            """
            type: aggregate
            match:
              - field: http.request.method
                equals: [POST]
            group_by: source.ip
            count: 5
            window: 2m
            """,
            AggregateRule.class),
        Arguments.of(
            "aggregate counting distinct values with a bounded evidence list",
            """
            type: aggregate
            group_by: [url.path]
            distinct: source.ip
            count: 30
            window: 10m
            max_evidence: 100
            """,
            AggregateRule.class),
        Arguments.of(
            "failure ratio with success lines",
            """
            type: failure-ratio
            attempt:
              - field: url.path
                prefix: /shopping/checkout
            success:
              - field: url.path
                prefix: /shopping/complete
            group_by: [source.ip]
            min_attempts: 5
            min_failure_ratio: 0.75
            window: 15m
            """,
            FailureRatioRule.class),
        Arguments.of(
            "surge with only its floor given",
            """
            type: surge
            floor: 100
            """,
            SurgeRule.class),
        Arguments.of(
            "surge with every setting",
            """
            type: surge
            distinct: source.ip
            bucket: 5m
            half_life: 6h
            factor: 3.5
            floor: 50
            warmup: 1d
            max_evidence: 20
            """,
            SurgeRule.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRules")
  void loadsARuleFile(String name, String settings, Class<?> type) {
    assertThat(load(settings)).singleElement().isInstanceOf(type);
  }

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        Arguments.of(
            "failure ratio with both outcomes",
            """
            type: failure-ratio
            attempt: [{field: url.path, prefix: /a}]
            success: [{field: url.path, prefix: /b}]
            failure: [{field: url.path, prefix: /c}]
            min_attempts: 5
            min_failure_ratio: 0.5
            window: 10m
            """,
            "exactly one of 'success' and 'failure'"),
        Arguments.of(
            "surge without a floor",
            """
            type: surge
            factor: 4
            """,
            "'floor'"),
        Arguments.of(
            "aggregate with a misspelt setting",
            """
            type: aggregate
            count: 5
            window: 1m
            group_by: [source.ip]
            windw: 2m
            """,
            "windw"),
        Arguments.of(
            "aggregate with a bad window",
            """
            type: aggregate
            count: 5
            window: soon
            """,
            "soon"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRules")
  void refusesABadRuleNamingFileLineAndReason(String name, String settings, String reason) {
    assertThatThrownBy(() -> load(settings))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith("custom.yml:2: rule 'mm-custom': ")
        .hasMessageContaining(reason);
  }
}
