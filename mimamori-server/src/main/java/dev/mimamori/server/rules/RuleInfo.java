package dev.mimamori.server.rules;

import dev.mimamori.model.Severity;
import org.jspecify.annotations.Nullable;

/**
 * A running rule as the API lists it.
 *
 * @param id the rule id that settings and exceptions name
 * @param title what its alerts say
 * @param ruleClass what kind of attack
 * @param severity how urgent
 * @param source {@link RuleService#BUILTIN} or {@link RuleService#DIRECTORY}
 * @param file the file it was loaded from, where known (Sigma rules)
 */
public record RuleInfo(
    String id,
    String title,
    String ruleClass,
    Severity severity,
    String source,
    @Nullable String file) {}
