package dev.mimamori.scan.yara;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rule (or statement) libyara refused, or a warning it gave: where, which rule, and why. A
 * refused rule is left out and the rest of its file still loads.
 *
 * @param file the rule file (an included file when the problem is in one)
 * @param line 1-based line in that file, 0 when libyara named none
 * @param rule the rule's name, or null when the problem is outside a rule (an import, an include)
 * @param message libyara's own words
 */
public record RuleError(String file, int line, @Nullable String rule, String message) {
  public RuleError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line: rule NAME: message}, the form compilers use. */
  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (rule == null ? "" : "rule " + rule + ": ")
        + message;
  }
}
