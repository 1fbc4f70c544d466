package dev.mimamori.detect.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.RuleMeta;
import java.util.function.BiFunction;

/**
 * A kind of rule: its name in rule files, the record its settings are read into, and the factory
 * that compiles the two into a running rule.
 */
public record RuleType<C>(
    String name, Class<C> configClass, BiFunction<RuleMeta, C, CompiledRule> factory) {

  public CompiledRule compile(RuleMeta meta, Object config) {
    return factory.apply(meta, configClass.cast(config));
  }
}
