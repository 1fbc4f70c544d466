package dev.mimamori.scan.yara;

import java.util.List;
import java.util.Map;

/**
 * A rule that matched, read from libyara's {@code YR_RULE} during the scan callback.
 *
 * @param rule the rule's identifier
 * @param namespace the namespace it was compiled into (mimamori uses the rule file's path)
 * @param tags the rule's tags, in order
 * @param meta the rule's meta values: String, Long or Boolean
 */
public record YaraMatch(
    String rule, String namespace, List<String> tags, Map<String, Object> meta) {
  public YaraMatch {
    tags = List.copyOf(tags);
    meta = Map.copyOf(meta);
  }
}
