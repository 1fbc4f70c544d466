package dev.mimamori.scan.heuristics;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.heuristics.js.JsFacts;
import dev.mimamori.scan.heuristics.js.JsFacts.Exfil;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A card skimmer in a script, a template or a page: it reads card fields and sends them somewhere,
 * and it hides where or what (an absolute URL, btoa, obfuscation, a fake library banner). A
 * checkout script names card fields too, and posts forms; what it does not do is encode them for
 * another host behind obfuscation.
 */
final class JsSkimmerDetector implements Detector {
  @Override
  public void inspect(ScanContext file, Report report) {
    for (JsFacts js : file.scripts()) {
      inspect(file, js, report);
    }
  }

  private static void inspect(ScanContext file, JsFacts js, Report report) {
    boolean card = js.hasCardField();
    Set<Exfil> ways = EnumSet.noneOf(Exfil.class);
    ways.addAll(js.exfil());
    // A script element alone is how payment SDKs load: it counts as a way out only with encoding.
    if (ways.equals(EnumSet.of(Exfil.SCRIPT_INJECTION)) && js.encoders() == 0 && !js.obfuscated()) {
      ways.clear();
    }
    if (!card || ways.isEmpty() || !js.cardNearExfil()) {
      boolean heavy = js.packer() || !js.decodeIntoEval().isEmpty() || js.hexIdentifiers() >= 20;
      if (card && heavy) {
        // javascript-obfuscator hides the way out in its string table; the card fields show
        report.finding(
            "js-obfuscated-card-reader",
            Severity.HIGH,
            "heavily obfuscated script ("
                + js.hexIdentifiers()
                + " _0x names) that names "
                + fields(js),
            Tags.SKIMMER,
            Tags.OBFUSCATION);
      } else if (card && js.obfuscated()) {
        report.signal(
            "js-card-fields-obfuscated", 3, "obfuscated script naming card fields", Tags.SKIMMER);
      }
      return;
    }
    List<String> hiding = new ArrayList<>();
    if (!js.urls().isEmpty()) {
      hiding.add("an absolute URL (" + js.urls().get(0) + ")");
    }
    if (js.encoders() > 0) {
      hiding.add("encoding (btoa/base64)");
    }
    if (js.obfuscated()) {
      hiding.add("obfuscation");
    }
    if (!js.headerLibrary().isEmpty()) {
      hiding.add("a library banner (" + js.headerLibrary() + ")");
    }
    String fields = fields(js);
    String where = file.isScript() ? "" : " in the script at " + file.line(js.offset());
    if (hiding.isEmpty()) {
      report.signal(
          "js-card-fields-sent",
          3,
          "a script reads " + fields + " and sends data (" + ways + ")" + where,
          Tags.SKIMMER);
      return;
    }
    report.finding(
        "js-card-skimmer",
        Severity.HIGH,
        "reads "
            + fields
            + " and sends data ("
            + ways
            + ") with "
            + String.join(", ", hiding)
            + where,
        Tags.SKIMMER);
  }

  private static String fields(JsFacts js) {
    List<String> f = new ArrayList<>();
    if (js.cardNumber() > 0) {
      f.add("card number");
    }
    if (js.cardSecurity() > 0) {
      f.add("security code");
    }
    if (js.cardExpiry() > 0) {
      f.add("expiry");
    }
    return String.join(", ", f) + " fields";
  }
}
