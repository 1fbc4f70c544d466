package dev.mimamori.detect.web;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OS command injection: a shell separator or substitution followed by a program, a program given by
 * absolute path, Shellshock function definitions and server-side include directives. Quotes and
 * backslashes inside words ({@code c'a't}, {@code c\at}) and {@code $IFS} are undone first, as the
 * shell would.
 */
final class CommandInjection {
  /** A finding's class and reason, and where in the shell spelling it fired. */
  record Hit(AttackClass attackClass, String reason, int at) {}

  // Programs whose names are not everyday words: any separator before them is enough.
  private static final Set<String> STRONG =
      Set.of(
          "whoami",
          "uname",
          "wget",
          "curl",
          "ncat",
          "netcat",
          "bash",
          "zsh",
          "ksh",
          "powershell",
          "pwsh",
          "ipconfig",
          "ifconfig",
          "netstat",
          "nslookup",
          "busybox",
          "certutil",
          "bitsadmin",
          "systeminfo",
          "tasklist",
          "python",
          "python2",
          "python3",
          "perl",
          "php",
          "ruby",
          "chmod",
          "tftp",
          "telnet",
          "base64",
          "nohup",
          "xterm",
          "mkfifo",
          "socat",
          "cmd.exe",
          "wmic",
          "rundll32",
          "mshta",
          "regsvr32");
  // Short Unix names: after ; | || && ` $( or a newline, but not after a lone & (as in "Q&A").
  private static final Set<String> SHORT =
      Set.of("id", "ls", "pwd", "sh", "nc", "ps", "rm", "wc", "awk", "sed", "grep", "dig", "cmd");
  // Everyday words: only with shell-like arguments, a path, or inside `...` or $(...).
  private static final Set<String> EVERYDAY =
      Set.of(
          "cat",
          "ping",
          "sleep",
          "echo",
          "dir",
          "type",
          "net",
          "env",
          "true",
          "false",
          "kill",
          "touch",
          "head",
          "tail",
          "find",
          "mail",
          "date",
          "timeout",
          "expr",
          "printf",
          "uptime",
          "exec",
          "ver",
          "hostname",
          "who",
          "sendmail",
          "more",
          "set");
  private static final String[] BIN_DIRS = {
    "/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/usr/local/bin/"
  };

  private CommandInjection() {}

  /**
   * The first command injection in {@code value}.
   *
   * @param strict for headers such as User-Agent, where "; id;" is a locale: short program names
   *     then need shell-like arguments or a substitution
   */
  static @Nullable Hit analyze(String value, boolean strict) {
    String s = shellSpelling(value);
    int at = shellshock(s);
    if (at >= 0) {
      return new Hit(AttackClass.RCE, "Shellshock function definition", at);
    }
    at = s.indexOf("<!--#");
    if (at >= 0) {
      boolean include = s.startsWith("include", at + 5);
      return new Hit(
          include ? AttackClass.LFI : AttackClass.RCE, "server-side include directive", at);
    }
    int firstNonBlank = 0;
    while (firstNonBlank < s.length() && Character.isWhitespace(s.charAt(firstNonBlank))) {
      firstNonBlank++;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int sepEnd = separatorEnd(s, i);
      if (sepEnd < 0) {
        continue;
      }
      // A lone & joins words in text ("Q&A"), except as the value's first character.
      boolean strongSeparator = !(c == '&' && sepEnd == i + 1) || i <= firstNonBlank;
      String reason = commandAt(s, sepEnd, strongSeparator, c == '`' || c == '$', strict);
      if (reason != null) {
        return new Hit(AttackClass.RCE, reason, i);
      }
      i = sepEnd - 1;
    }
    at = programAtStart(s);
    if (at >= 0) {
      return new Hit(AttackClass.RCE, "command line with options", at);
    }
    return null;
  }

  /**
   * Lower case, with what the shell removes from words removed: quotes, backslashes, {@code $@},
   * and {@code $IFS}/{@code ${IFS}} read as a space.
   */
  static String shellSpelling(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(lower.length());
    int n = lower.length();
    for (int i = 0; i < n; i++) {
      char c = lower.charAt(i);
      if (c == '\'' || c == '"' || c == '\\') {
        continue;
      }
      if (c == '$' && lower.startsWith("${ifs}", i)) {
        b.append(' ');
        i += 5;
      } else if (c == '$' && lower.startsWith("$ifs", i)) {
        b.append(' ');
        i += 3;
        if (i + 2 < n && lower.charAt(i + 1) == '$' && Character.isDigit(lower.charAt(i + 2))) {
          i += 2;
        }
      } else if (c == '$' && i + 1 < n && lower.charAt(i + 1) == '@') {
        i++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Where the command after a separator at {@code i} starts, or -1 if no separator is there. */
  private static int separatorEnd(String s, int i) {
    char c = s.charAt(i);
    return switch (c) {
      case ';', '|', '&', '\n', '`' -> {
        int j = i + 1;
        while (j < s.length()
            && (s.charAt(j) == c || s.charAt(j) == '|' || s.charAt(j) == '&')
            && j - i < 3) {
          j++;
        }
        yield j;
      }
      case '$' -> i + 1 < s.length() && s.charAt(i + 1) == '(' ? i + 2 : -1;
      default -> -1;
    };
  }

  /** Why the text at {@code from} is a command, or {@code null}. */
  private static @Nullable String commandAt(
      String s, int from, boolean strongSeparator, boolean substitution, boolean strict) {
    int n = s.length();
    int i = from;
    int limit = Math.min(n, from + 8);
    while (i < limit
        && (s.charAt(i) == ' '
            || s.charAt(i) == '\t'
            || s.charAt(i) == '('
            || s.charAt(i) == '{'
            || s.charAt(i) == '+')) {
      i++;
    }
    int wordStart = i;
    int pathLimit = Math.min(n, i + 64);
    // A program may be named by its path: /usr/bin/id, c:/windows/system32/cmd.exe.
    int lastSlash = -1;
    int j = i;
    while (j < pathLimit && isProgramChar(s.charAt(j))) {
      if (s.charAt(j) == '/') {
        lastSlash = j;
      }
      j++;
    }
    int nameStart = lastSlash >= 0 ? lastSlash + 1 : wordStart;
    String name = s.substring(nameStart, j);
    if (name.endsWith(".exe") && !name.equals("cmd.exe")) {
      name = name.substring(0, name.length() - 4);
    }
    if (name.isEmpty()) {
      return null;
    }
    boolean boundary = j >= n || isBoundary(s.charAt(j));
    if (!boundary) {
      return null;
    }
    String reason = "command " + name + " after a shell separator";
    if (STRONG.contains(name)) {
      return reason;
    }
    boolean known = SHORT.contains(name) || EVERYDAY.contains(name);
    if (!known) {
      return null;
    }
    if (lastSlash >= 0 || substitution || shellLikeArguments(s, j)) {
      return reason;
    }
    // ")" does not end a command here: "(Linux; U; id)" is a user agent's locale, not "id".
    boolean ends = j >= n || (isSeparatorChar(s.charAt(j)) && s.charAt(j) != ')');
    return SHORT.contains(name) && strongSeparator && ends && !strict ? reason : null;
  }

  private static boolean shellLikeArguments(String s, int at) {
    int i = at;
    if (i >= s.length() || s.charAt(i) != ' ') {
      return false;
    }
    while (i < s.length() && i - at < 4 && s.charAt(i) == ' ') {
      i++;
    }
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    if (c == '-' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
      return true;
    }
    if (c == '/' || c == '$' || c == '>' || c == '<' || c == '~') {
      return true;
    }
    // A Windows drive, c: or c:/...
    if (Character.isLetter(c) && i + 1 < s.length() && s.charAt(i + 1) == ':') {
      return true;
    }
    // A number followed by an address or the end: "sleep 5", "ping -n 30 127.0.0.1".
    int j = i;
    while (j < s.length() && Character.isDigit(s.charAt(j))) {
      j++;
    }
    return j > i && (j == s.length() || isSeparatorChar(s.charAt(j)));
  }

  /** A program given by absolute path, or a known program followed by options or a path. */
  private static int programAtStart(String s) {
    String t = s.stripLeading();
    int offset = s.length() - t.length();
    for (String dir : BIN_DIRS) {
      if (t.startsWith(dir)
          && t.length() > dir.length()
          && Character.isLetter(t.charAt(dir.length()))) {
        return offset;
      }
    }
    int j = 0;
    while (j < t.length() && j < 32 && isProgramChar(t.charAt(j)) && t.charAt(j) != '/') {
      j++;
    }
    String name = t.substring(0, j);
    if (name.endsWith(".exe")) {
      name = name.substring(0, name.length() - 4);
    }
    // "id;", "uname|": a program then a separator, the value being the command.
    if ((STRONG.contains(name) || SHORT.contains(name))
        && j < t.length()
        && (t.charAt(j) == ';' || t.charAt(j) == '|' || t.charAt(j) == '`')) {
      return offset;
    }
    boolean known = STRONG.contains(name) || SHORT.contains(name) || EVERYDAY.contains(name);
    if (known && shellLikeArguments(t, j)) {
      return offset;
    }
    return -1;
  }

  /** {@code () {} followed by a colon or semicolon: bash's function import, CVE-2014-6271. */
  private static int shellshock(String s) {
    int i = s.indexOf("()");
    while (i >= 0) {
      int j = i + 2;
      while (j < s.length() && j - i < 6 && s.charAt(j) == ' ') {
        j++;
      }
      if (j < s.length() && s.charAt(j) == '{') {
        int k = j + 1;
        while (k < s.length() && k - j < 6 && s.charAt(k) == ' ') {
          k++;
        }
        if (k < s.length() && (s.charAt(k) == ':' || s.charAt(k) == ';')) {
          return i;
        }
      }
      i = s.indexOf("()", i + 2);
    }
    return -1;
  }

  private static boolean isProgramChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '/'
        || c == ':';
  }

  private static boolean isBoundary(char c) {
    return c == ' '
        || c == '\t'
        || isSeparatorChar(c)
        || c == '<'
        || c == '>'
        || c == ')'
        || c == '}'
        || c == '$'
        || c == '\n';
  }

  private static boolean isSeparatorChar(char c) {
    return c == ';' || c == '|' || c == '&' || c == '`' || c == '\n' || c == ')';
  }
}
