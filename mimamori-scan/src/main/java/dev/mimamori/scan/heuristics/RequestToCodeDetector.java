package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.php.PhpFacts.Flow;

/**
 * Request data reaching code execution: {@code eval($_POST['x'])}, {@code system($cmd)} after
 * {@code $cmd = $_GET['c']}, {@code include $_FILES['f']['tmp_name']}, {@code
 * call_user_func($_GET['f'], ...)}. This is what a web shell is, whatever else it looks like.
 */
final class RequestToCodeDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    for (Flow flow : file.php().flows()) {
      String how = flow.viaVariable() ? " (through a variable)" : "";
      String where = " at " + file.line(flow.offset());
      switch (flow.sink()) {
        case EVAL ->
            report.finding(
                "php-request-to-eval",
                Severity.CRITICAL,
                flow.source() + " is run as PHP code by " + flow.sinkName() + how + where,
                Tags.WEBSHELL,
                Tags.BACKDOOR);
        case COMMAND ->
            report.finding(
                "php-request-to-command",
                Severity.CRITICAL,
                flow.source() + " is run as a shell command by " + flow.sinkName() + how + where,
                Tags.WEBSHELL);
        case INCLUDE -> {
          if (flow.source().startsWith("$_FILES")) {
            report.finding(
                "php-include-uploaded-file",
                Severity.CRITICAL,
                "an uploaded file is run as PHP straight from its temporary name by "
                    + flow.sinkName()
                    + where
                    + " (nothing is left on disk)",
                Tags.WEBSHELL,
                Tags.BACKDOOR);
          } else {
            report.finding(
                "php-request-to-include",
                Severity.CRITICAL,
                flow.source() + " chooses the file " + flow.sinkName() + " runs" + how + where,
                Tags.WEBSHELL,
                Tags.BACKDOOR);
          }
        }
        case CALLBACK ->
            report.finding(
                "php-request-chooses-function",
                Severity.CRITICAL,
                flow.source() + " chooses the function " + flow.sinkName() + " calls" + how + where,
                Tags.WEBSHELL,
                Tags.BACKDOOR);
        case UPLOAD ->
            report.finding(
                "php-request-chooses-upload-path",
                Severity.HIGH,
                flow.source()
                    + " chooses where "
                    + flow.sinkName()
                    + " puts an uploaded file"
                    + where
                    + ": an uploader that can drop a PHP file",
                Tags.WEBSHELL);
        case WRITE -> {
          // data written to a file is a collector trait, weighed by CardCollectorDetector
        }
      }
    }
  }
}
