package dev.mimamori.scan.heuristics;

import java.util.List;

/** The registry: every detector the heuristic scanner runs, one line each. */
final class Detectors {
  private Detectors() {}

  static List<Detector> all() {
    return List.of(
        new RequestToCodeDetector(),
        new ObfuscatedEvalDetector(),
        new PregReplaceEvalDetector(),
        new DynamicCallDetector(),
        new KnownShellDetector(),
        new CardCollectorDetector(),
        new ShellToolkitDetector(),
        new PhpObfuscationDetector(),
        new PhpInNonPhpFileDetector(),
        new HtaccessDetector(),
        new JsSkimmerDetector(),
        new JsObfuscationDetector());
  }
}
