package dev.mimamori.detect.web;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * PHP code injection and server-side template injection into Twig, EC-CUBE's template engine: PHP
 * open tags, calls of code-running functions with code-like arguments, superglobals, {@code
 * ${@...}}, serialized objects, and Twig expressions that reach the environment or a shell.
 */
final class PhpInjection {
  /** Why, and where in the lower-cased value. */
  record Hit(String reason, int at) {}

  private static final List<String> CODE_FUNCTIONS =
      List.of(
          "eval",
          "assert",
          "system",
          "exec",
          "passthru",
          "shell_exec",
          "popen",
          "proc_open",
          "pcntl_exec",
          "base64_decode",
          "gzinflate",
          "gzuncompress",
          "str_rot13",
          "create_function",
          "call_user_func",
          "call_user_func_array",
          "preg_replace",
          "file_put_contents",
          "file_get_contents",
          "fwrite",
          "fopen",
          "include",
          "require",
          "include_once",
          "require_once",
          "phpinfo",
          "move_uploaded_file",
          "highlight_file",
          "show_source",
          "readfile");
  private static final List<String> SUPERGLOBALS =
      List.of(
          "$_get[",
          "$_post[",
          "$_request[",
          "$_cookie[",
          "$_server[",
          "$_files[",
          "$globals[",
          "$_env[",
          "$_session[");
  private static final List<String> TWIG_MARKERS =
      List.of(
          "_self",
          "registerundefinedfiltercallback",
          "getfilter(",
          "app.request.server",
          "|filter(",
          "|map(",
          "|reduce(",
          "|sort(",
          "['system']",
          "['exec']",
          "['passthru']",
          "source(",
          "include(",
          "_context");
  private static final int TEMPLATE_WINDOW = 512;

  private PhpInjection() {}

  static @Nullable Hit analyze(String value) {
    String s = value.toLowerCase(Locale.ROOT);
    int at = s.indexOf("<?php");
    if (at < 0) {
      at = s.indexOf("<?=");
    }
    if (at < 0) {
      at = shortOpenTag(s);
    }
    if (at >= 0) {
      return new Hit("PHP open tag", at);
    }
    at = s.indexOf("${@");
    if (at >= 0) {
      return new Hit("PHP complex variable ${@...}", at);
    }
    for (String g : SUPERGLOBALS) {
      at = s.indexOf(g);
      if (at >= 0) {
        return new Hit("PHP superglobal " + g.substring(0, g.length() - 1), at);
      }
    }
    Hit h = codeCall(s);
    if (h != null) {
      return h;
    }
    at = serializedObject(s);
    if (at >= 0) {
      return new Hit("serialized PHP object", at);
    }
    h = template(s, "{{", "}}");
    return h != null ? h : template(s, "{%", "%}");
  }

  /** {@code <? echo ...}, {@code <? $x...}: the short open tag followed by PHP. */
  private static int shortOpenTag(String s) {
    int i = s.indexOf("<?");
    while (i >= 0) {
      int j = i + 2;
      while (j < s.length() && j - i < 6 && (s.charAt(j) == ' ' || s.charAt(j) == '\n')) {
        j++;
      }
      if (j > i + 2
          && (s.startsWith("echo", j)
              || s.startsWith("print", j)
              || s.startsWith("$", j)
              || s.startsWith("system", j)
              || s.startsWith("eval", j))) {
        return i;
      }
      i = s.indexOf("<?", i + 2);
    }
    return -1;
  }

  /**
   * A code-running function called with code as its argument ({@code system('id')}, {@code
   * eval($_POST[x])}, {@code assert(base64_decode(...))}, {@code phpinfo()}); "operating system
   * (Windows)" is not one.
   */
  private static @Nullable Hit codeCall(String s) {
    for (String f : CODE_FUNCTIONS) {
      int i = s.indexOf(f);
      while (i >= 0) {
        int j = i + f.length();
        boolean wordStart = i == 0 || !ScriptText.isWord(s.charAt(i - 1));
        int k = j;
        while (k < s.length() && k - j < 3 && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
          k++;
        }
        if (wordStart && k < s.length() && s.charAt(k) == '(' && codeArgument(s, k + 1, f)) {
          return new Hit("PHP " + f + "() with code", i);
        }
        i = s.indexOf(f, j);
      }
    }
    return null;
  }

  private static boolean codeArgument(String s, int at, String function) {
    int i = at;
    while (i < s.length() && i - at < 3 && s.charAt(i) == ' ') {
      i++;
    }
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    if (function.equals("phpinfo")) {
      return c == ')';
    }
    if (c == '$' || c == '`' || c == '@') {
      return true;
    }
    if (c == '\'' || c == '"') {
      // A quoted command or code: system('id'), eval("...").
      return i + 1 < s.length() && s.charAt(i + 1) != c;
    }
    // A nested call: eval(base64_decode(...)), assert(chr(...).chr(...)).
    int j = i;
    while (j < s.length() && j - i < 32 && (ScriptText.isWord(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    return j > i && j < s.length() && s.charAt(j) == '(';
  }

  /** {@code O:8:"stdClass":1:{...}}: a PHP object for unserialize(). */
  private static int serializedObject(String s) {
    int i = s.indexOf("o:");
    while (i >= 0) {
      int j = i + 2;
      while (j < s.length() && j - i < 8 && Character.isDigit(s.charAt(j))) {
        j++;
      }
      if (j > i + 2 && s.startsWith(":\"", j)) {
        // The class name: a bounded look, so that "o:1:\"" repeated stays linear.
        int close = j + 2;
        while (close < s.length() && close - j < 128 && s.charAt(close) != '"') {
          close++;
        }
        if (s.startsWith("\":", close) && s.startsWith(":{", skipDigits(s, close + 2))) {
          return i;
        }
      }
      i = s.indexOf("o:", i + 2);
    }
    return -1;
  }

  private static int skipDigits(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 8 && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * A Twig expression that reaches the environment, the request's server variables or a shell
   * function, or the arithmetic probe attackers send first ({@code {{7*7}}}).
   */
  private static @Nullable Hit template(String s, String open, String close) {
    int start = -1;
    int n = s.length();
    for (int i = 0; i + close.length() <= n; i++) {
      if (start < 0 && s.startsWith(open, i)) {
        start = i;
        i += open.length() - 1;
      } else if (start >= 0 && s.startsWith(close, i)) {
        int from = Math.max(start + open.length(), i - TEMPLATE_WINDOW);
        String inner = s.substring(from, i).replace(" ", "");
        for (String m : TWIG_MARKERS) {
          if (inner.contains(m)) {
            return new Hit("Twig template injection " + m, start);
          }
        }
        if (isArithmeticProbe(inner)) {
          return new Hit("template expression probe", start);
        }
        start = -1;
      }
    }
    return null;
  }

  /** {@code 7*7}, {@code 7*'7'}: two numbers and one operator, nothing else. */
  private static boolean isArithmeticProbe(String inner) {
    String t = inner.replace("'", "").replace("\"", "");
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0 || i >= t.length() || "*+-/".indexOf(t.charAt(i)) < 0) {
      return false;
    }
    int j = i + 1;
    while (j < t.length() && Character.isDigit(t.charAt(j))) {
      j++;
    }
    return j > i + 1 && j == t.length();
  }
}
