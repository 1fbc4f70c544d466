package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;

/**
 * {@code preg_replace} with the {@code /e} modifier runs its replacement as PHP. PHP 7 removed it;
 * in a file of a current shop it is a way to write eval without the word.
 */
final class PregReplaceEvalDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp() || file.php().pregEval() == 0) {
      return;
    }
    report.finding(
        "php-preg-replace-eval",
        Severity.HIGH,
        "preg_replace with the /e modifier runs its replacement as PHP code at "
            + file.line(file.php().pregEvalOffset()),
        Tags.BACKDOOR,
        Tags.OBFUSCATION);
  }
}
