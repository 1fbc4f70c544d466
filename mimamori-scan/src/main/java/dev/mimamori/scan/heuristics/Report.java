package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what the detectors report on one file. Strong traits become findings at once; weak ones
 * are signals with a weight, and only their sum can make a finding ({@code suspicious-traits}):
 * minified code, a long base64 string or a call of {@code create_function} is common in clean
 * applications, several of them in one file much less so.
 */
final class Report {
  /** Sum of signal weights from which the combination is reported, and at which severities. */
  static final int MEDIUM_SCORE = 4;

  static final int HIGH_SCORE = 8;

  static final int LARGE = 1 << 20;

  /** A weak trait: a rule id, its weight and why. */
  record Signal(String rule, int weight, String reason, String tag) {}

  private final String engine;
  private final Map<String, Finding> findings = new LinkedHashMap<>();
  private final List<Signal> signals = new ArrayList<>();

  Report(String engine) {
    this.engine = engine;
  }

  void finding(String rule, Severity severity, String reason, String... tags) {
    Finding old = findings.get(rule);
    if (old == null || old.severity().compareTo(severity) < 0) {
      findings.put(rule, new Finding(engine, rule, severity, reason, List.of(tags)));
    }
  }

  void signal(String rule, int weight, String reason, String tag) {
    signals.add(new Signal(rule, weight, reason, tag));
  }

  List<Signal> signals() {
    return signals;
  }

  int score() {
    return signals.stream().mapToInt(Signal::weight).sum();
  }

  /** The findings, strongest first, with the weighed signals added when they add up. */
  List<Finding> result(int length) {
    int score = score();
    if (score >= MEDIUM_SCORE) {
      List<String> tags = new ArrayList<>();
      StringBuilder reason =
          new StringBuilder("Several weak traits together (score " + score + "): ");
      String sep = "";
      for (Signal s : signals) {
        reason.append(sep).append(s.reason());
        sep = "; ";
        if (!tags.contains(s.tag())) {
          tags.add(s.tag());
        }
      }
      // Signals are counted, not weighed by size: in a file of megabytes (an archive, a bundle)
      // everything occurs somewhere, so there the sum alone says no more than MEDIUM.
      Severity severity = score >= HIGH_SCORE && length < LARGE ? Severity.HIGH : Severity.MEDIUM;
      findings.putIfAbsent(
          "suspicious-traits",
          new Finding(engine, "suspicious-traits", severity, reason.toString(), tags));
    }
    List<Finding> out = new ArrayList<>(findings.values());
    out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::rule));
    return out;
  }
}
