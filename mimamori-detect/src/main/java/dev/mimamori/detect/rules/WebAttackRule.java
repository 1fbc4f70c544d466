package dev.mimamori.detect.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.web.AttackClass;
import dev.mimamori.detect.web.WebAttackAnalyzer;
import dev.mimamori.model.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Fires when the web-attack analyzers ({@link WebAttackAnalyzer}: decoding, SQL and HTML
 * tokenization, path, command, PHP, SSRF and Log4Shell checks) find an attack of its class in the
 * request's path, query parameters, user agent or referrer. The analysis runs once per event,
 * whichever rules ask for it.
 */
public final class WebAttackRule implements CompiledRule {

  /**
   * The rule file's {@code attacks}: any of sqli, xss, traversal, lfi, rfi, rce, ...; and {@code
   * unless}: classes that, found in the same part, make a finding another rule's (a metadata URL in
   * a parameter is SSRF, not also a remote file inclusion).
   */
  public record Config(List<String> attacks, @Nullable List<String> unless) {}

  private final RuleMeta meta;
  private final Set<String> attacks;
  private final Set<String> unless;

  public WebAttackRule(RuleMeta meta, Config config) {
    Set<String> known =
        Arrays.stream(AttackClass.values()).map(AttackClass::id).collect(Collectors.toSet());
    if (config.attacks() == null
        || config.attacks().isEmpty()
        || !known.containsAll(config.attacks())) {
      throw new IllegalArgumentException(
          "'attacks' must list some of "
              + Arrays.stream(AttackClass.values()).map(AttackClass::id).toList());
    }
    this.meta = meta;
    this.attacks = Set.copyOf(config.attacks());
    this.unless = config.unless() == null ? Set.of() : Set.copyOf(config.unless());
    if (!known.containsAll(this.unless)) {
      throw new IllegalArgumentException("'unless' lists an unknown attack class");
    }
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  @Override
  public List<Event> evaluate(EventView view) {
    List<WebAttackAnalyzer.PartFindings> parts =
        view.memo(WebAttackRule.class, WebAttackAnalyzer::analyze);
    for (WebAttackAnalyzer.PartFindings p : parts) {
      if (!unless.isEmpty()
          && p.findings().stream().anyMatch(f -> unless.contains(f.attackClass()))) {
        continue;
      }
      for (var f : p.findings()) {
        // A sensitive file named by the path itself (/.env, /etc/passwd) is the file-probe
        // rule's; here only a file asked for through a parameter or header counts.
        boolean pathFile = f.attackClass().equals("lfi") && p.part().equals("url.path");
        if (attacks.contains(f.attackClass()) && !pathFile) {
          return List.of(view.event());
        }
      }
    }
    return List.of();
  }
}
