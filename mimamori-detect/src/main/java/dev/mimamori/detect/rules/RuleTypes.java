package dev.mimamori.detect.rules;

import dev.mimamori.detect.behaviour.AggregateRule;
import dev.mimamori.detect.behaviour.FailureRatioRule;
import dev.mimamori.detect.behaviour.SurgeRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of rule types: adding one is one line here. */
public final class RuleTypes {
  private static final Map<String, RuleType<?>> TYPES = new LinkedHashMap<>();

  static {
    register(new RuleType<>("match", MatchRule.Config.class, MatchRule::new));
    register(new RuleType<>("threshold", ThresholdRule.Config.class, ThresholdRule::new));
    register(new RuleType<>("web-attack", WebAttackRule.Config.class, WebAttackRule::new));
    register(new RuleType<>("aggregate", AggregateRule.Config.class, AggregateRule::new));
    register(new RuleType<>("failure-ratio", FailureRatioRule.Config.class, FailureRatioRule::new));
    register(new RuleType<>("surge", SurgeRule.Config.class, SurgeRule::new));
  }

  private RuleTypes() {}

  private static void register(RuleType<?> type) {
    TYPES.put(type.name(), type);
  }

  public static Optional<RuleType<?>> find(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  public static Set<String> names() {
    return TYPES.keySet();
  }
}
