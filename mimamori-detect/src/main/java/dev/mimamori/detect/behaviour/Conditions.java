package dev.mimamori.detect.behaviour;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.detect.rules.FieldMatcher;
import dev.mimamori.detect.rules.FieldWords;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A list of conditions that must all hold; an empty list holds for every event. */
final class Conditions {
  private final List<FieldMatcher> matchers;

  Conditions(@Nullable List<FieldCondition> conditions) {
    this.matchers =
        conditions == null ? List.of() : conditions.stream().map(FieldMatcher::compile).toList();
  }

  boolean isEmpty() {
    return matchers.isEmpty();
  }

  /** What an event must hold for all of them to hold (see {@link FieldMatcher#requirement()}). */
  List<Requirement> requirements() {
    return FieldMatcher.requirements(matchers);
  }

  /** Words the event must hold for all of them to hold (see {@link FieldMatcher#words()}). */
  @Nullable FieldWords words() {
    return FieldMatcher.firstWords(matchers);
  }

  /** The first of {@link #requirements()}, or null. */
  @Nullable Requirement requirement() {
    return FieldMatcher.firstRequirement(matchers);
  }

  boolean test(EventView e) {
    for (FieldMatcher m : matchers) {
      if (!m.matches(e)) {
        return false;
      }
    }
    return true;
  }
}
