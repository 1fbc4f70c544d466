package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.php.PhpFacts.Chain;

/**
 * A decoder inside a code sink: {@code eval(gzinflate(base64_decode('...')))}, {@code
 * eval(str_rot13(...))}, {@code system(base64_decode(...))}, or eval of a variable that holds
 * decoded data. Applications decode data, not code; packed code run through eval is how PHP malware
 * hides its body.
 */
final class ObfuscatedEvalDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    for (Chain chain : file.php().chains()) {
      String what =
          chain.sink()
              + "("
              + String.join("(", chain.decoders())
              + "(...)) at "
              + file.line(chain.offset());
      if (chain.sink().startsWith("$")) {
        // a variable called with decoded data: weaker, names like $callback are common
        report.signal(
            "php-decoded-dynamic-call",
            3,
            "a variable function gets decoded data: " + what,
            Tags.OBFUSCATION);
      } else if (chain.sink().startsWith("include") || chain.sink().startsWith("require")) {
        report.finding(
            "php-obfuscated-include",
            Severity.HIGH,
            "includes a file whose name is decoded at run time: " + what,
            Tags.OBFUSCATION,
            Tags.BACKDOOR);
      } else {
        report.finding(
            "php-obfuscated-eval",
            Severity.HIGH,
            "runs decoded code: " + what,
            Tags.OBFUSCATION,
            Tags.BACKDOOR);
      }
    }
    int escaped = file.php().escapedInclude();
    if (escaped >= 0) {
      report.finding(
          "php-obfuscated-include",
          Severity.HIGH,
          "includes a path written in escape sequences at "
              + file.line(escaped)
              + ", hiding which file runs",
          Tags.OBFUSCATION,
          Tags.BACKDOOR);
    }
  }
}
