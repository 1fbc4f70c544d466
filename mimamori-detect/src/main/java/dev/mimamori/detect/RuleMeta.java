package dev.mimamori.detect;

import dev.mimamori.model.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * What every rule has, whatever its type.
 *
 * @param id stable id, e.g. {@code mm-web-xss}
 * @param title what an alert from it says
 * @param ruleClass what kind of attack, e.g. {@code web.xss}
 * @param severity how urgent its alerts are
 * @param suppress after an alert, further alerts of this rule for the same source address are
 *     dropped for this long; {@link Duration#ZERO} keeps them all
 */
public record RuleMeta(
    String id, String title, String ruleClass, Severity severity, Duration suppress) {
  public RuleMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(ruleClass, "class");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(suppress, "suppress");
    if (id.isBlank()) {
      throw new IllegalArgumentException("rule id must not be blank");
    }
    if (suppress.isNegative()) {
      throw new IllegalArgumentException("suppress must not be negative");
    }
  }
}
