package dev.mimamori.detect.web;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Path traversal, local file inclusion and remote file inclusion. The value is first reduced to one
 * spelling of a path: lower case, {@code \} as {@code /}, and the {@code 0x2e}/{@code 0x2f}
 * spellings that scanners try; percent, overlong UTF-8 and {@code %u} forms were already undone by
 * {@link WebDecoder}.
 */
final class PathAttacks {
  /** A finding's class and reason, and where in the path spelling it fired. */
  record Hit(AttackClass attackClass, String reason, int at) {}

  // Names distinctive enough to need no separator before them.
  private static final List<String> DISTINCTIVE_FILES =
      List.of(
          "boot.ini",
          "win.ini",
          "system.ini",
          "global.asa",
          "web-inf/web.xml",
          "web-infweb.xml",
          "wp-config.php",
          ".htpasswd");
  private static final List<String> SENSITIVE_FILES =
      List.of(
          "etc/passwd",
          "etc/shadow",
          "etc/group",
          "etc/hosts",
          "etc/issue",
          "proc/self/",
          "proc/version",
          "boot.ini",
          "win.ini",
          "system.ini",
          "windows/system32/",
          "winnt/system32/",
          "web-inf/web.xml",
          "global.asa",
          ".htaccess",
          ".htpasswd",
          "wp-config.php",
          ".ssh/",
          "id_rsa",
          "app/config/eccube/",
          "var/log/");
  // ".env" is EC-CUBE 4's secrets file (database URL, auth magic): only as a whole path segment.
  private static final String DOT_ENV = ".env";
  private static final List<String> WRAPPERS =
      List.of(
          "php://",
          "file://",
          "expect://",
          "zip://",
          "phar://",
          "glob://",
          "data://",
          "compress.zlib://",
          "compress.bzip2://",
          "ogg://",
          "rar://",
          "ssh2.shell://",
          "jar:file:");
  private static final List<String> REMOTE_SCHEMES =
      List.of("http://", "https://", "ftp://", "ftps://", "smb://", "//", "/\\\\");
  private static final Set<String> INCLUDE_PARAMETERS =
      Set.of(
          "file",
          "filename",
          "page",
          "include",
          "inc",
          "template",
          "tpl",
          "path",
          "doc",
          "document",
          "folder",
          "dir",
          "root",
          "lang",
          "language",
          "module",
          "mod",
          "view",
          "layout",
          "load",
          "pg",
          "conf",
          "config",
          "site",
          "show",
          "content",
          "cat",
          "action",
          "style",
          "read",
          "prefix",
          "base",
          "pdf",
          "src",
          "source");

  private PathAttacks() {}

  /**
   * The first traversal, LFI or RFI in {@code value}.
   *
   * @param parameter the parameter's name, or {@code null}; include-style names make a remote URL
   *     an inclusion
   * @param remoteUrlsExpected whether a URL value is ordinary here (the Referer header)
   */
  static @Nullable Hit analyze(
      String value, @Nullable String parameter, boolean remoteUrlsExpected) {
    String p = pathSpelling(value);
    int at = traversal(p);
    if (at >= 0) {
      return new Hit(AttackClass.TRAVERSAL, "directory traversal", at);
    }
    for (String w : WRAPPERS) {
      at = p.indexOf(w);
      if (at >= 0 && (at == 0 || !ScriptText.isWord(p.charAt(at - 1)))) {
        return new Hit(AttackClass.LFI, "stream wrapper " + w, at);
      }
    }
    at = sensitiveFile(p);
    if (at >= 0) {
      return new Hit(AttackClass.LFI, "sensitive file", at);
    }
    if (!remoteUrlsExpected) {
      String reason = remoteInclusion(p, parameter);
      if (reason != null) {
        return new Hit(AttackClass.RFI, reason, 0);
      }
    }
    return null;
  }

  /** A stream wrapper or a sensitive file in an already spelled path, for a traversal's target. */
  static @Nullable Hit fileOnly(String spelled) {
    int at = sensitiveFile(spelled);
    return at >= 0 ? new Hit(AttackClass.LFI, "sensitive file", at) : null;
  }

  /** Lower case, backslashes as slashes, and the textual hex spellings of dot and slashes. */
  static String pathSpelling(String v) {
    StringBuilder b = new StringBuilder(v.length());
    int n = v.length();
    for (int i = 0; i < n; i++) {
      char c = Character.toLowerCase(v.charAt(i));
      if (c == '0' && i + 3 < n && (v.charAt(i + 1) | 0x20) == 'x' && v.charAt(i + 2) == '2') {
        char d = (char) (v.charAt(i + 3) | 0x20);
        if (d == 'e' || d == 'f') {
          b.append(d == 'e' ? '.' : '/');
          i += 3;
          continue;
        }
      }
      if (c == '0'
          && i + 3 < n
          && (v.charAt(i + 1) | 0x20) == 'x'
          && v.charAt(i + 2) == '5'
          && (v.charAt(i + 3) | 0x20) == 'c') {
        b.append('/');
        i += 3;
        continue;
      }
      b.append(c == '\\' ? '/' : c);
    }
    return b.toString();
  }

  /**
   * Where a path segment of two or more dots is followed by a separator ({@code ../}, {@code
   * ....//}, {@code ..;/}) or ends a path after one; -1 if none.
   */
  private static int traversal(String p) {
    int n = p.length();
    int i = 0;
    while (i < n) {
      if (p.charAt(i) != '.' || (i > 0 && !isSeparator(p.charAt(i - 1)))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && p.charAt(j) == '.') {
        j++;
      }
      int dots = j - i;
      boolean followed =
          j < n
              && (p.charAt(j) == '/'
                  || (p.charAt(j) == ';' && j + 1 < n && p.charAt(j + 1) == '/'));
      boolean endsPath = j == n && i > 0 && p.charAt(i - 1) == '/';
      if (dots >= 2 && (followed || (endsPath && dots == 2))) {
        return i;
      }
      // Three or more dots opening a segment: the Windows and fuzzer spelling of "up" ("/.../").
      if (dots >= 3 && i > 0 && p.charAt(i - 1) == '/') {
        return i;
      }
      i = j;
    }
    return -1;
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == ':' || c == '=' || c == ' ' || c == ';' || c == '|' || c == '&';
  }

  private static int sensitiveFile(String p) {
    for (String f : DISTINCTIVE_FILES) {
      int at = p.indexOf(f);
      if (at >= 0) {
        return at;
      }
    }
    for (String f : SENSITIVE_FILES) {
      int at = p.indexOf(f);
      while (at >= 0) {
        char before = at == 0 ? '/' : p.charAt(at - 1);
        if (f.charAt(0) == '.' || before == '/' || before == ':' || before == ' ' || at == 0) {
          return at;
        }
        at = p.indexOf(f, at + 1);
      }
    }
    int at = p.indexOf(DOT_ENV);
    while (at >= 0) {
      int end = at + DOT_ENV.length();
      boolean startOk = at == 0 || p.charAt(at - 1) == '/';
      boolean endOk = end == p.length() || p.charAt(end) == '/' || p.charAt(end) == '?';
      if (startOk && endOk) {
        return at;
      }
      at = p.indexOf(DOT_ENV, end);
    }
    return -1;
  }

  /**
   * A remote URL where a file name is expected, or any URL that ends in {@code ?}, the classic
   * trick to cut off the suffix the application appends.
   */
  private static @Nullable String remoteInclusion(String p, @Nullable String parameter) {
    String t = p.strip();
    String scheme = null;
    for (String s : REMOTE_SCHEMES) {
      if (t.startsWith(s) && t.length() > s.length() + 3) {
        scheme = s;
        break;
      }
    }
    if (scheme == null) {
      return null;
    }
    if (t.endsWith("?") || t.endsWith("??")) {
      return "remote URL ending in ? to cut off a suffix";
    }
    String name = parameter == null ? "" : parameter.toLowerCase(java.util.Locale.ROOT);
    if (INCLUDE_PARAMETERS.contains(name)) {
      return "remote URL in include-style parameter " + name;
    }
    return null;
  }
}
