package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.php.PhpFacts.DynamicCall;

/**
 * Functions called through a value instead of their name: {@code $_GET['a']($_GET['b'])}, {@code
 * $f($_POST['x'])}, {@code $f = 'as'.'sert'; $f(...)}. Shells use them so that no sink's name is
 * written in the file.
 */
final class DynamicCallDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    PhpFacts php = file.php();
    for (DynamicCall call : php.dynamicCalls()) {
      String where = " at " + file.line(call.offset());
      switch (call.kind()) {
        case REQUEST_CALLEE ->
            report.finding(
                "php-request-as-function",
                Severity.CRITICAL,
                "request data is called as a function: " + call.callee() + "(...)" + where,
                Tags.WEBSHELL,
                Tags.BACKDOOR);
        case DECODED_CALLEE ->
            report.finding(
                "php-hidden-function-name",
                Severity.HIGH,
                "a dangerous function is called under a built name: " + call.callee() + where,
                Tags.OBFUSCATION,
                Tags.BACKDOOR);
        case REQUEST_ARGUMENTS ->
            report.finding(
                "php-variable-function-request",
                Severity.HIGH,
                "a variable function gets request data: " + call.callee() + "($_...)" + where,
                Tags.WEBSHELL,
                Tags.BACKDOOR);
        case PLAIN -> {}
      }
    }
    if (php.dynamicCallCount() >= 8 && php.dynamicCallCount() * 40 >= php.tokens()) {
      report.signal(
          "php-many-dynamic-calls",
          2,
          php.dynamicCallCount() + " calls through variables",
          Tags.OBFUSCATION);
    }
  }
}
