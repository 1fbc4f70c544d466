package dev.mimamori.vuln.match;

import dev.mimamori.vuln.advisory.Severity;
import dev.mimamori.vuln.inventory.Component;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An advisory that applies to an installed component. {@code ids} starts with the JVN number when
 * there is one; {@code fixedIn} is the nearest version no source calls affected (null when none is
 * known); {@code fixUrls} lead to the vendor's fix; {@code rules} are the detection rules for the
 * exploitation of this flaw; {@code verdicts} keep each source's view, and {@code disagreement}
 * says they differ.
 */
public record Finding(
    Component component,
    List<String> ids,
    Severity severity,
    String title,
    String impact,
    @Nullable String fixedIn,
    List<String> fixUrls,
    List<String> rules,
    List<Verdict> verdicts,
    boolean disagreement) {
  public Finding {
    ids = List.copyOf(ids);
    fixUrls = List.copyOf(fixUrls);
    rules = List.copyOf(rules);
    verdicts = List.copyOf(verdicts);
  }

  public String primaryId() {
    return ids.get(0);
  }
}
