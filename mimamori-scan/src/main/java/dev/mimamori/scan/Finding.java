package dev.mimamori.scan;

import dev.mimamori.model.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One thing a scanner found in a file.
 *
 * @param engine which scanner found it: {@code yara} or {@code mimamori}
 * @param rule the rule's name (a YARA rule identifier, or a mimamori detector id such as {@code
 *     php-eval-of-request})
 * @param severity how dangerous the finding is on its own
 * @param reason one sentence a responder can read
 * @param tags the rule's tags or classes (e.g. {@code webshell}, {@code skimmer}, {@code
 *     obfuscation})
 */
public record Finding(
    String engine, String rule, Severity severity, String reason, List<String> tags) {
  public Finding {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(reason, "reason");
    tags = List.copyOf(tags);
  }
}
