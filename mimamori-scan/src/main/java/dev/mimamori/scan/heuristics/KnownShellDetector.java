package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.text.KeywordSet;
import dev.mimamori.scan.heuristics.text.Latin1;

/**
 * Shells seen in the EC-CUBE wave, by their shape: the eval shell dressed as a class file with a
 * {@code @package Page} docblock and base64 {@code IEBldmF} (" @eval"), and the "cookies" shell
 * that checks a signature with {@code openssl_public_decrypt} on {@code $_POST['cookie']} and runs
 * it through {@code create_function}.
 */
final class KnownShellDetector implements Detector {
  /** " @eval" and "@eval(" in base64 at the three possible alignments. */
  private static final KeywordSet ENCODED_EVAL = KeywordSet.of("IEBldmF", "QGV2YWwo", "BldmFsK");

  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    String text = file.text();
    if (ENCODED_EVAL.any(text)) {
      boolean docblock = Latin1.indexOfIgnoreCase(text, "@package", 0) >= 0;
      report.finding(
          "php-encoded-eval-shell",
          Severity.CRITICAL,
          docblock
              ? "an eval shell disguised by a docblock (@package): base64 of '@eval' (IEBldmF) in the file"
              : "base64 of '@eval' (IEBldmF) in the file: code that runs hidden code",
          Tags.WEBSHELL,
          Tags.OBFUSCATION);
    }
    PhpFacts php = file.php();
    if (php.apiCount("openssl_public_decrypt") > 0
        && php.apiCount("create_function") > 0
        && Latin1.indexOfIgnoreCase(text, "cookie", 0) >= 0) {
      report.finding(
          "php-cookie-shell",
          Severity.CRITICAL,
          "the 'cookies' shell: a signed payload from the request is checked with"
              + " openssl_public_decrypt and run through create_function",
          Tags.WEBSHELL,
          Tags.BACKDOOR);
    }
  }
}
