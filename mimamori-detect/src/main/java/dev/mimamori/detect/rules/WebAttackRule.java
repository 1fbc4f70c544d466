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
  public record Config(
      List<String> attacks,
      @Nullable List<String> unless,
      @Nullable List<String> parts,
      @Nullable String path) {}

  private final RuleMeta meta;
  private final Set<String> attacks;
  private final Set<String> unless;

  /**
   * Only findings in parts whose name starts with one of these (e.g. the request body); all if
   * empty.
   */
  private final List<String> parts;

  /**
   * Only requests whose path matches (RE2, case-insensitive, on the decoded path); null for all.
   */
  private final com.google.re2j.@Nullable Pattern path;

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
    this.parts = config.parts() == null ? List.of() : List.copyOf(config.parts());
    try {
      this.path =
          config.path() == null
              ? null
              : com.google.re2j.Pattern.compile(
                  config.path(), com.google.re2j.Pattern.CASE_INSENSITIVE);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException("'path' is not a valid RE2 regex: " + e.getMessage(), e);
    }
  }

  @Override
  public RuleMeta meta() {
    return meta;
  }

  /** Shared by every web-attack rule: asked once per event, it spares them all a clean request. */
  private static final Gate FOUND_SOMETHING = view -> !findings(view).isEmpty();

  @Override
  public Gate gate() {
    return FOUND_SOMETHING;
  }

  /** The analysis, once per event for all web-attack rules. */
  private static List<WebAttackAnalyzer.PartFindings> findings(EventView view) {
    return view.memo(WebAttackRule.class, WebAttackAnalyzer::analyze);
  }

  @Override
  public void prepare(EventView view) {
    findings(view); // the analyzers are static and pure
  }

  @Override
  public List<Event> evaluate(EventView view) {
    List<WebAttackAnalyzer.PartFindings> found = findings(view);
    if (found.isEmpty()) {
      return List.of();
    }
    // The path test after the analysis, which nearly every request passes clean: the regex then
    // runs only on the few requests with a finding.
    if (path != null) {
      String p = view.decoded("url.path");
      if (p == null || !path.matcher(p).find()) {
        return List.of();
      }
    }
    for (WebAttackAnalyzer.PartFindings p : found) {
      if (!parts.isEmpty() && parts.stream().noneMatch(p.part()::startsWith)) {
        continue;
      }
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
