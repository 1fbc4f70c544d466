package dev.mimamori.detect.sigma;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Literal texts a regex cannot match without, for prefilters outside the Sigma compiler. */
public final class RegexLiterals {
  private RegexLiterals() {}

  /**
   * Lower-cased ASCII texts, one of which every match of the case-sensitive RE2 {@code re}
   * contains; null when there are none of three characters or more (the regex must then run on
   * every value).
   */
  public static @Nullable List<String> required(String re) {
    List<String> lits = Regexes.requiredLiterals(re, false);
    if (lits == null || lits.stream().anyMatch(l -> !l.chars().allMatch(c -> c < 0x80))) {
      return null;
    }
    return lits;
  }
}
