package dev.mimamori.detect.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Fires on every event for which all of its conditions hold. */
public final class MatchRule implements CompiledRule {

  /** The rule file's {@code match:} list. */
  public record Config(List<FieldCondition> match) {}

  private final RuleMeta meta;
  private final List<FieldMatcher> matchers;

  public MatchRule(RuleMeta meta, Config config) {
    if (config.match() == null || config.match().isEmpty()) {
      throw new IllegalArgumentException("a match rule needs at least one condition under 'match'");
    }
    this.meta = meta;
    this.matchers = config.match().stream().map(FieldMatcher::compile).toList();
  }

  static boolean all(List<FieldMatcher> matchers, EventView e) {
    for (FieldMatcher m : matchers) {
      if (!m.matches(e)) {
        return false;
      }
    }
    return true;
  }

  static List<FieldMatcher> compile(List<FieldCondition> conditions) {
    return conditions.stream().map(FieldMatcher::compile).toList();
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  @Override
  public @Nullable Requirement requiredValue() {
    return FieldMatcher.firstRequirement(matchers);
  }

  @Override
  public List<Event> evaluate(EventView view) {
    return all(matchers, view) ? List.of(view.event()) : List.of();
  }
}
