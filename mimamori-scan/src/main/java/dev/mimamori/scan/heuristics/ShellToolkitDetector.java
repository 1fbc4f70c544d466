package dev.mimamori.scan.heuristics;

import dev.mimamori.scan.heuristics.php.PhpFacts;
import dev.mimamori.scan.heuristics.text.KeywordSet;
import java.util.Map;

/**
 * The furniture of full-featured shells (file managers, command runners, back-connect tools): many
 * system functions in one file, and the phrases their menus show. Weak alone, so they are signals:
 * an installer or a server-info page also calls php_uname and ini_get.
 */
final class ShellToolkitDetector implements Detector {
  private static final KeywordSet PHRASES =
      KeywordSet.of(
          "uname -a",
          "/etc/passwd",
          "safe_mode",
          "disable_functions",
          "filesman",
          "c99shell",
          "r57shell",
          "b374k",
          "webshell",
          "web shell",
          "backconnect",
          "back connect",
          "back-connect",
          "bindport",
          "bind port",
          "netstat -an",
          "whoami",
          "cmd.exe",
          "/bin/sh",
          "/bin/bash",
          "phpspy",
          "hacked by",
          "deface",
          "/etc/shadow",
          "symlink",
          "ps aux",
          "id;",
          "exploit",
          "0day",
          "brute");

  @Override
  public void inspect(ScanContext file, Report report) {
    if (!file.isPhp()) {
      return;
    }
    PhpFacts php = file.php();
    int apis = 0;
    for (Map.Entry<String, Integer> e : php.apiCounts().entrySet()) {
      if (e.getValue() > 0) {
        apis++;
      }
    }
    int[] counts = PHRASES.count(file.text());
    int phrases = 0;
    for (int c : counts) {
      if (c > 0) {
        phrases++;
      }
    }
    if (apis >= 6) {
      report.signal(
          "php-system-apis",
          apis >= 10 ? 3 : 2,
          apis + " system and code functions",
          Tags.WEBSHELL);
    }
    if (phrases >= 3) {
      report.signal(
          "php-shell-phrases",
          phrases >= 6 ? 4 : 2,
          phrases + " phrases of shell menus (uname -a, /etc/passwd, safe_mode...)",
          Tags.WEBSHELL);
    }
    boolean socket =
        php.apiCount("fsockopen")
                + php.apiCount("pfsockopen")
                + php.apiCount("socket_create")
                + php.apiCount("stream_socket_client")
            > 0;
    boolean shell =
        counts[indexOf("/bin/sh")] + counts[indexOf("/bin/bash")] + counts[indexOf("cmd.exe")] > 0;
    if (socket && shell) {
      report.signal(
          "php-reverse-shell",
          4,
          "opens a socket and names a shell (/bin/sh, cmd.exe): a back-connect",
          Tags.WEBSHELL);
    }
    if (php.backtickWithVariable() >= 0) {
      report.signal(
          "php-backticks",
          2,
          "runs a command built from a variable with backticks at "
              + file.line(php.backtickWithVariable()),
          Tags.WEBSHELL);
    }
    if (php.extractRequest() >= 0) {
      report.signal(
          "php-extract-request",
          2,
          "turns request fields into variables (extract/parse_str) at "
              + file.line(php.extractRequest()),
          Tags.WEBSHELL);
    }
    if (php.apiCount("create_function") > 0) {
      report.signal(
          "php-create-function", 1, "create_function, an eval in disguise", Tags.OBFUSCATION);
    }
  }

  private static int indexOf(String phrase) {
    for (int i = 0; i < PHRASES.size(); i++) {
      if (PHRASES.keyword(i).equals(phrase)) {
        return i;
      }
    }
    throw new IllegalArgumentException(phrase);
  }
}
