package dev.mimamori.detect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A value one field of an event must have before a rule does anything with the event: the field's
 * raw value, lower-cased ({@link Locale#ROOT}), is one of {@code values}. A rule that declares one
 * ({@link CompiledRule#requiredValue()}) returns nothing and changes no state for any other event,
 * so a {@link RuleSet} may skip it without asking: most requests are a GET answered 200, and most
 * built-in rules want a POST, a 4xx status or an application log.
 *
 * @param field the ECS name, interned
 * @param values lower-cased
 */
public record Requirement(String field, Set<String> values) {
  public Requirement {
    field = field.intern();
    values = Set.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a requirement needs at least one value");
    }
  }

  /** Whether an event whose field holds {@code raw} meets it. */
  public boolean test(@Nullable String raw) {
    return raw != null && values.contains(raw.toLowerCase(Locale.ROOT));
  }

  /**
   * One requirement both lists meet, for a rule that acts on an event when either list holds (an
   * attempt or an outcome): a field each names, with the values of both.
   */
  public static @Nullable Requirement either(List<Requirement> first, List<Requirement> second) {
    for (Requirement a : first) {
      for (Requirement b : second) {
        if (a.field.equals(b.field)) {
          Set<String> union = new java.util.HashSet<>(a.values);
          union.addAll(b.values);
          return new Requirement(a.field, union);
        }
      }
    }
    return null;
  }
}
