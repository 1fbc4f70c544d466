package dev.mimamori.detect.sigma;

import dev.mimamori.detect.RuleMeta;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A correlation rule as read from its file, before the rules it refers to are looked up (they may
 * be in other files).
 *
 * @param name its {@code name}, by which other correlations may refer to it
 * @param sigmaId its {@code id}
 * @param rules the names or ids it refers to, with the line of each
 * @param groupBy the {@code group-by} fields as written (aliases or Sigma field names)
 * @param valueFields for {@code value_count}: the counted field(s), as written
 * @param aliases alias name to (rule name to field)
 * @param generate whether the referenced rules also alert on their own
 */
public record SigmaCorrelation(
    RuleMeta meta,
    @Nullable String name,
    @Nullable String sigmaId,
    CorrelationType type,
    List<Reference> rules,
    List<String> groupBy,
    Duration timespan,
    CountCondition condition,
    List<String> valueFields,
    Map<String, Map<String, String>> aliases,
    boolean generate,
    String file,
    int line) {

  /** A referenced rule name or id, and the line it is written on. */
  public record Reference(String target, int line) {}
}
