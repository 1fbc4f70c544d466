package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.js.JsFacts;

/**
 * Scripts that run code they decode: Dean Edwards' packer ({@code eval(function(p,a,c,k,e,d)}),
 * {@code eval(atob(...))}, {@code Function(unescape(...))}, long strings run as code; and, as a
 * signal, the marks of javascript-obfuscator and a well-known library's banner over code that is
 * not that library.
 */
final class JsObfuscationDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    for (JsFacts js : file.scripts()) {
      String where = file.isScript() ? "" : " (script at " + file.line(js.offset()) + ")";
      if (js.packer()) {
        report.finding(
            "js-packed-eval",
            Severity.HIGH,
            "packed code run through eval(function(p,a,c,k,e,d)...)" + where,
            Tags.OBFUSCATION,
            Tags.SKIMMER);
      }
      if (!js.decodeIntoEval().isEmpty()) {
        report.finding(
            "js-decode-to-eval",
            Severity.HIGH,
            "decodes code and runs it: " + js.decodeIntoEval() + where,
            Tags.OBFUSCATION,
            Tags.SKIMMER);
      }
      if (js.hexIdentifiers() >= 20) {
        report.signal(
            "js-obfuscator-names",
            3,
            js.hexIdentifiers() + " _0x names (javascript-obfuscator)",
            Tags.OBFUSCATION);
      } else if (js.escapedStrings() >= 10) {
        report.signal(
            "js-escaped-strings",
            2,
            js.escapedStrings() + " strings written in escapes",
            Tags.OBFUSCATION);
      }
      if (js.decodeIntoWrite() > 0) {
        report.signal(
            "js-decode-to-write", 2, "document.write of decoded markup", Tags.OBFUSCATION);
      }
      boolean hidesSomething =
          js.packer()
              || !js.decodeIntoEval().isEmpty()
              || js.hexIdentifiers() >= 20
              || js.hasCardField() && !js.exfil().isEmpty();
      if (!js.headerLibrary().isEmpty() && hidesSomething) {
        report.finding(
            "js-fake-library-header",
            Severity.MEDIUM,
            "a " + js.headerLibrary() + " banner over obfuscated or card-reading code" + where,
            Tags.SKIMMER,
            Tags.OBFUSCATION);
      }
    }
  }
}
