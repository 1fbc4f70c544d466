package dev.mimamori.scan.heuristics;

/**
 * One trait of malicious code. A detector reads what the file's analysis found ({@link
 * ScanContext}) and reports strong traits as findings and weak ones as signals, which the scanner
 * weighs together. Detectors hold no state: one instance serves every thread.
 */
interface Detector {
  void inspect(ScanContext file, Report report);
}
