package dev.mimamori.detect.sigma;

import java.util.List;

/**
 * The result of loading Sigma files: a rule set of everything that loaded, and for every file that
 * did not, its error.
 *
 * @param filesLoaded how many files loaded whole
 */
public record SigmaLoad(
    SigmaRuleSet ruleSet, int filesLoaded, List<LoadError> errors, List<LoadWarning> warnings) {
  public SigmaLoad {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }
}
