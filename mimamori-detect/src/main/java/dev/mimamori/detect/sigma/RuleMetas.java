package dev.mimamori.detect.sigma;

import dev.mimamori.model.Severity;
import java.util.List;
import java.util.Locale;

/**
 * A Sigma rule's {@code level} and what its tags and title say it is about, in mimamori's terms:
 * {@link Severity} and the rule class (e.g. {@code web.xss}) that incidents are grouped by.
 */
final class RuleMetas {
  private RuleMetas() {}

  static Severity severity(String level) {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "informational", "info" -> Severity.INFO;
      case "low" -> Severity.LOW;
      case "medium" -> Severity.MEDIUM;
      case "high" -> Severity.HIGH;
      case "critical" -> Severity.CRITICAL;
      default ->
          throw new IllegalArgumentException(
              "unknown level '" + level + "' (informational, low, medium, high, critical)");
    };
  }

  /**
   * The class from the title and tags, most specific first: web shells, XSS, SQL injection, path
   * traversal, code execution, scanning and reconnaissance, malware and C2, then any exploit of a
   * CVE or public-facing application, else {@code web.sigma}. Whole words only ("source" is not
   * "rce").
   */
  static String ruleClass(String title, List<String> tags) {
    String t =
        " "
            + (title + " " + String.join(" ", tags))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]+", " ")
            + " ";
    if (has(t, "webshell", "webshells", "web shell", "attack.t1505.003")) {
      return "web.webshell";
    }
    if (has(t, "xss", "cross site scripting")) {
      return "web.xss";
    }
    if (has(t, "sql injection", "sqli")) {
      return "web.sqli";
    }
    if (has(t, "traversal", "local file inclusion", "lfi", "file read")) {
      return "web.traversal";
    }
    if (has(
        t,
        "rce",
        "code execution",
        "command injection",
        "command execution",
        "jndi",
        "jndiexploit",
        "log4j",
        "log4shell",
        "ssti",
        "template injection",
        "deserialization",
        "attack.t1059")) {
      return "web.rce";
    }
    if (has(
        t,
        "scanner",
        "scanners",
        "scanning",
        "scan",
        "enumeration",
        "recon",
        "reconnaissance",
        "attack.t1595",
        "hack tool",
        "hacktool",
        "hktl")) {
      return "web.scan";
    }
    if (has(
        t,
        "malware",
        "c2",
        "attack.command",
        "cobaltstrike",
        "cobalt strike",
        "implant",
        "beaconing",
        "botnet",
        "cryptominer",
        "miner",
        "attack.t1071",
        "apt",
        "rat")) {
      return "web.malware";
    }
    if (has(t, "exploit", "exploitation", "attack.t1190", "proxyshell")
        || t.contains(" cve.")
        || t.contains(" cve ")) {
      return "web.exploit";
    }
    return "web.sigma";
  }

  /** Whole words or phrases of {@code text} (already spaced and padded). */
  private static boolean has(String text, String... words) {
    for (String w : words) {
      if (text.contains(" " + w + " ")) {
        return true;
      }
    }
    return false;
  }
}
