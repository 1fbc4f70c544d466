package dev.mimamori.detect.sigma;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Sigma detection rule, compiled. On its own it is a {@link CompiledRule} (tests, tools); in a
 * {@link SigmaRuleSet} it shares the per-event field preparation and the literal prefilter.
 */
public final class SigmaRule implements CompiledRule {
  private final RuleMeta meta;
  private final @Nullable String sigmaId;
  private final @Nullable String name;
  private final List<Detection> detections;
  private final Condition condition;
  private final @Nullable List<List<FieldLiteral>> requirement;
  private final String file;
  private final int line;
  private final String definition;

  SigmaRule(
      RuleMeta meta,
      @Nullable String sigmaId,
      @Nullable String name,
      List<Detection> detections,
      Condition condition,
      String file,
      int line,
      String definition) {
    this.meta = meta;
    this.sigmaId = sigmaId;
    this.name = name;
    this.detections = List.copyOf(detections);
    this.condition = condition;
    this.requirement = Requirements.of(condition, this.detections);
    this.file = file;
    this.line = line;
    this.definition = definition;
  }

  /**
   * The fingerprint of the rule's definition as loaded (collection templates merged in), without
   * its lines: a reload compares it to tell an unchanged rule.
   */
  public String definition() {
    return definition;
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  /** The rule's Sigma {@code id}, when it has one. */
  public @Nullable String sigmaId() {
    return sigmaId;
  }

  /** The rule's Sigma {@code name}, when it has one (correlations may refer to it). */
  public @Nullable String name() {
    return name;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  /**
   * The literals of the prefilter's strongest clause for this rule, one of which every event it
   * matches contains (as "field: literal"); empty when the rule has none and is evaluated on every
   * event.
   */
  public List<String> prefilterLiterals() {
    List<List<String>> clauses = prefilterClauses();
    return clauses.isEmpty() ? List.of() : clauses.get(0);
  }

  /**
   * Every clause the prefilter asks of an event before this rule is evaluated, strongest first:
   * each clause's literals as "field: literal", one of which the event must contain.
   */
  public List<List<String>> prefilterClauses() {
    return requirement == null
        ? List.of()
        : requirement.stream()
            .map(c -> c.stream().map(l -> l.field() + ": " + l.literal()).toList())
            .toList();
  }

  @Nullable List<List<FieldLiteral>> requirement() {
    return requirement;
  }

  boolean matches(EventTexts e) {
    byte[] memo = new byte[detections.size()];
    return condition.eval(
        i -> {
          if (memo[i] == 0) {
            memo[i] = detections.get(i).matches(e) ? (byte) 1 : (byte) 2;
          }
          return memo[i] == 1;
        });
  }

  @Override
  public List<Event> evaluate(EventView view) {
    return matches(new EventTexts(view.event())) ? List.of(view.event()) : List.of();
  }

  @Override
  public String toString() {
    return "SigmaRule[" + meta.id() + " " + file + ":" + line + "]";
  }
}
