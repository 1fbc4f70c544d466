package dev.mimamori.detect.sigma;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How Sigma rules are loaded and run.
 *
 * @param suppress after an alert, further alerts of the same Sigma rule for the same source address
 *     are dropped for this long (as the built-in rules' {@code suppress}); a scanner requesting a
 *     thousand {@code .git/} paths is one alert, not a thousand
 * @param placeholders the values of {@code |expand} placeholders, by name without the percent signs
 *     (e.g. {@code Servers -> [srv*]}); a rule using one not listed here is refused, as the
 *     specification requires
 * @param maxGroups per correlation rule, the most groups ({@code group-by} values) kept; the least
 *     recently seen are dropped first
 * @param maxStoredEvents per correlation rule, the most events kept across all its groups
 * @param maxEvidence the most events one correlated alert reports (the most recent ones)
 */
public record SigmaOptions(
    Duration suppress,
    Map<String, List<String>> placeholders,
    int maxGroups,
    int maxStoredEvents,
    int maxEvidence) {

  public SigmaOptions {
    Objects.requireNonNull(suppress, "suppress");
    placeholders = Map.copyOf(placeholders);
    if (suppress.isNegative() || maxGroups < 1 || maxStoredEvents < 1 || maxEvidence < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public static SigmaOptions defaults() {
    return new SigmaOptions(Duration.ofMinutes(10), Map.of(), 50_000, 200_000, 1_000);
  }

  public SigmaOptions withPlaceholders(Map<String, List<String>> values) {
    return new SigmaOptions(suppress, values, maxGroups, maxStoredEvents, maxEvidence);
  }

  public SigmaOptions withSuppress(Duration d) {
    return new SigmaOptions(d, placeholders, maxGroups, maxStoredEvents, maxEvidence);
  }

  public SigmaOptions withLimits(int groups, int storedEvents, int evidence) {
    return new SigmaOptions(suppress, placeholders, groups, storedEvents, evidence);
  }
}
