package dev.mimamori.scan.heuristics;

import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.text.Decoding;

/**
 * The look of packed PHP: long runs of base64 or {@code \x} escapes, string literals written in
 * escapes, very long lines, high entropy, variable variables. Every one of them has clean uses
 * (embedded fonts, generated tables), so they are signals; eval in the same file weighs more.
 */
final class PhpObfuscationDetector implements Detector {
  static final int LONG_RUN = 1000;
  static final int LONG_LINE = 5000;

  /** Longest run of base64 chars, longest run of \xHH escapes, and the longest line. */
  record Shape(int base64Run, int escapeRun, int longestLine) {
    static Shape of(String text) {
      int base64 = 0;
      int run = 0;
      int escapes = 0;
      int escapeRun = 0;
      int line = 0;
      int longest = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        run = Decoding.isBase64Char(c) && c != '-' && c != '_' ? run + 1 : 0;
        base64 = Math.max(base64, run);
        if (c == '\\'
            && i + 3 < text.length()
            && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
            && Character.digit(text.charAt(i + 2), 16) >= 0) {
          escapeRun++;
          escapes = Math.max(escapes, escapeRun);
          i += 3;
          line += 4;
          continue;
        } else if (c != '\\') {
          escapeRun = c == '"' || c == '\'' || c == '.' ? escapeRun : 0;
        }
        line = c == '\n' ? 0 : line + 1;
        longest = Math.max(longest, line);
      }
      return new Shape(base64, escapes, longest);
    }
  }

  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    PhpFacts php = file.php();
    Shape shape = Shape.of(file.text());
    int weight = 0;
    if (shape.base64Run() >= LONG_RUN) {
      report.signal(
          "php-long-encoded-string",
          2,
          "a base64 run of " + shape.base64Run() + " chars",
          Tags.OBFUSCATION);
      weight++;
    }
    if (shape.escapeRun() >= 40 || php.escapedLiterals() >= 3) {
      report.signal("php-escaped-strings", 2, "strings written in \\x escapes", Tags.OBFUSCATION);
      weight++;
    }
    if (shape.longestLine() >= LONG_LINE) {
      report.signal(
          "php-long-line", 1, "a line of " + shape.longestLine() + " chars", Tags.OBFUSCATION);
      weight++;
    }
    if (file.text().length() > 2048
        && Decoding.entropy(file.text(), 0, file.text().length()) >= 5.6) {
      report.signal("php-high-entropy", 1, "high entropy for source code", Tags.OBFUSCATION);
      weight++;
    }
    if (php.variableVariables() >= 5) {
      report.signal(
          "php-variable-variables",
          1,
          php.variableVariables() + " variable variables",
          Tags.OBFUSCATION);
      weight++;
    }
    int evals = php.apiCount("eval") + php.apiCount("assert") + php.apiCount("create_function");
    if (weight > 0 && evals > 0) {
      report.signal(
          "php-encoded-with-eval",
          2,
          "eval or dynamic calls next to encoded data",
          Tags.OBFUSCATION);
    }
  }
}
