package dev.mimamori.detect.web;

import java.util.List;
import java.util.Locale;

/**
 * Linear scanners for script outside HTML tags: script URLs with obfuscating whitespace, {@code
 * data:} URLs that carry HTML, JavaScript calls after a break-out, DOM sinks, CSS that runs script
 * and client-side template expressions. Every look-around is bounded, so each scanner is linear.
 */
final class ScriptText {
  // The scanners below that take "lower" expect text already in lower case.
  private static final List<String> SCRIPT_SCHEMES =
      List.of("javascript", "vbscript", "livescript", "mocha");
  private static final List<String> HTML_MEDIA_TYPES =
      List.of("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml");
  private static final List<String> CALL_SINKS =
      List.of("alert", "prompt", "confirm", "eval", "settimeout", "setinterval", "execscript");
  private static final List<String> DOM_SINKS =
      List.of(
          "document.cookie",
          "document.domain",
          "document.write",
          "document.location",
          "document.body",
          "document.createelement",
          "document.queryselector",
          "document.getelementby",
          "window.location",
          "top.location",
          "string.fromcharcode",
          ".innerhtml=",
          ".outerhtml=",
          ".appendchild(");
  private static final List<String> CSS_SCRIPT =
      List.of(
          "expression(",
          "javascript:",
          "vbscript:",
          "behavior:",
          "-moz-binding",
          "@import",
          // Cheat-sheet spellings that no browser runs but only attackers write.
          "behaviour:url(",
          "binding:url(");
  private static final List<String> TEMPLATE_MARKERS =
      List.of("constructor", "$on", "$eval", "$emit", "_c(", "alert(", "prompt(", "confirm(");
  private static final int GAP = 4;
  private static final int CODE_WINDOW = 96;
  private static final int TEMPLATE_WINDOW = 512;

  private ScriptText() {}

  /**
   * Where a script scheme ({@code javascript:} and the like) starts, letters possibly separated by
   * a few whitespace or control characters, which browsers drop; -1 if none.
   */
  static int scriptUrl(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = (char) (s.charAt(i) | 0x20);
      if (c != 'j' && c != 'v' && c != 'l' && c != 'm') {
        continue;
      }
      for (String scheme : SCRIPT_SCHEMES) {
        if (scheme.charAt(0) == c && matchesSpaced(s, i, scheme + ":") >= 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The index after the scheme's colon for a scheme found by {@link #scriptUrl}. */
  static int afterScheme(String s, int at) {
    for (String scheme : SCRIPT_SCHEMES) {
      int end = matchesSpaced(s, at, scheme + ":");
      if (end >= 0) {
        return end;
      }
    }
    return at;
  }

  /** The length of the scheme found at {@code at} as written without blanks, colon included. */
  static int schemeLength(String s, int at) {
    for (String scheme : SCRIPT_SCHEMES) {
      if (matchesSpaced(s, at, scheme + ":") >= 0) {
        return scheme.length() + 1;
      }
    }
    return 0;
  }

  /**
   * The end of {@code word} matched at {@code at} with up to {@link #GAP} blanks between letters.
   */
  private static int matchesSpaced(String s, int at, String word) {
    int i = at;
    for (int k = 0; k < word.length(); k++) {
      if (k > 0) {
        int gap = 0;
        while (i < s.length() && gap < GAP && isBlank(s.charAt(i))) {
          i++;
          gap++;
        }
      }
      if (i >= s.length() || Character.toLowerCase(s.charAt(i)) != word.charAt(k)) {
        return -1;
      }
      i++;
    }
    return i;
  }

  /**
   * Whether the text from {@code from} reads as code: a call or a tagged template ({@code f(},
   * {@code f`}), an index ({@code w['x']}), an assignment, or a DOM object; {@code void(0)} alone
   * is the harmless link idiom.
   */
  static boolean looksLikeCode(String s, int from) {
    int end = Math.min(s.length(), from + CODE_WINDOW);
    String head = s.substring(Math.min(from, end), end).toLowerCase(Locale.ROOT).strip();
    if (head.startsWith("void(0)") || head.startsWith("void 0") || head.startsWith(";")) {
      return head.length() > 8 && looksLikeCode(head, 8);
    }
    for (int i = 1; i < head.length(); i++) {
      char c = head.charAt(i);
      char p = head.charAt(i - 1);
      if ((c == '(' || c == '`' || c == '[') && (isWord(p) || p == ')' || p == ']')) {
        return true;
      }
      if (c == '=' && isWord(p)) {
        return true;
      }
    }
    return head.contains("document.") || head.contains("window.") || head.startsWith("%");
  }

  /** Where a {@code data:} URL of an HTML, SVG or XML media type starts; -1 if none. */
  static int dataHtmlUrl(String s) {
    int i = indexOfIgnoreCase(s, "data:", 0);
    while (i >= 0) {
      int j = i + 5;
      int gap = 0;
      while (j < s.length() && gap < GAP && isBlank(s.charAt(j))) {
        j++;
        gap++;
      }
      for (String type : HTML_MEDIA_TYPES) {
        if (s.regionMatches(true, j, type, 0, type.length())) {
          return i;
        }
      }
      i = indexOfIgnoreCase(s, "data:", i + 5);
    }
    return -1;
  }

  /**
   * Where a JavaScript sink is called ({@code alert(1)}, {@code eval`..`}) right after a break-out
   * character (a quote, {@code ;}, an operator, {@code >}...), or at the very start with a literal
   * argument; -1 if none.
   */
  static int scriptBreakout(String lower) {
    for (String sink : CALL_SINKS) {
      int i = lower.indexOf(sink);
      while (i >= 0) {
        int after = i + sink.length();
        int j = after;
        while (j < lower.length() && j - after < 2 && lower.charAt(j) == ' ') {
          j++;
        }
        boolean call = j < lower.length() && (lower.charAt(j) == '(' || lower.charAt(j) == '`');
        if (call && (i == 0 || !isWord(lower.charAt(i - 1)))) {
          int before = previousSignificant(lower, i);
          if (before < 0 ? literalArgument(lower, j + 1) : isBreakout(lower.charAt(before))) {
            return i;
          }
        }
        i = lower.indexOf(sink, after);
      }
    }
    return -1;
  }

  /** The index of the character before a sink, past blanks and a member chain ({@code top.}). */
  private static int previousSignificant(String s, int sinkAt) {
    int i = sinkAt - 1;
    int steps = 0;
    while (i >= 0 && steps++ < 32 && isBlank(s.charAt(i))) {
      i--;
    }
    if (i >= 0 && s.charAt(i) == '.') {
      i--;
      while (i >= 0 && steps++ < 64 && (isWord(s.charAt(i)) || s.charAt(i) == '.')) {
        i--;
      }
    }
    return i;
  }

  private static boolean isBreakout(char c) {
    return ";'\"+-*/|&,({}>=:!?^~%`".indexOf(c) >= 0;
  }

  private static boolean literalArgument(String s, int at) {
    if (at >= s.length()) {
      return false;
    }
    char c = s.charAt(at);
    if (Character.isDigit(c) || c == '\'' || c == '"' || c == '`' || c == '/' || c == ')') {
      return true;
    }
    for (String obj : List.of("document", "window", "string", "this", "top", "self", "location")) {
      if (s.startsWith(obj, at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the text reads or changes the document, its cookie or the location, as code: at the start
   * or after a JavaScript character, not inside a path like {@code /manual/document.cookie}; -1 if
   * nowhere.
   */
  static int domSink(String lower) {
    for (String sink : DOM_SINKS) {
      int i = lower.indexOf(sink);
      while (i >= 0) {
        // Past blanks and a member chain ("self.", "top."), what comes before must be code.
        int before = previousSignificant(lower, i);
        if (before < 0
            || sink.charAt(0) == '.'
            || ";'\"+=,({>:!&|`".indexOf(lower.charAt(before)) >= 0) {
          return i;
        }
        i = lower.indexOf(sink, i + 1);
      }
    }
    return -1;
  }

  /**
   * JavaScript as the engine reads it, for matching: comments and blanks removed, {@code ["name"]}
   * and {@code ['name']} as {@code .name}, and parentheses around a lone name dropped ({@code
   * (document)["cookie"]} is {@code document.cookie}). Lower case.
   */
  static String jsSpelling(String lower) {
    int n = lower.length();
    StringBuilder b = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = lower.charAt(i);
      if (c == '/' && i + 1 < n && lower.charAt(i + 1) == '*') {
        int close = lower.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (isBlank(c)) {
        i++;
      } else if (c == '['
          && i + 1 < n
          && (lower.charAt(i + 1) == '"' || lower.charAt(i + 1) == '\'')) {
        char q = lower.charAt(i + 1);
        int j = i + 2;
        while (j < n && j - i < 40 && isWord(lower.charAt(j))) {
          j++;
        }
        if (j > i + 2 && j + 1 < n && lower.charAt(j) == q && lower.charAt(j + 1) == ']') {
          b.append('.').append(lower, i + 2, j);
          i = j + 2;
        } else {
          b.append(c);
          i++;
        }
      } else if (c == '(') {
        int j = i + 1;
        while (j < n && j - i < 40 && isWord(lower.charAt(j))) {
          j++;
        }
        if (j > i + 1
            && j < n
            && lower.charAt(j) == ')'
            && (b.length() == 0 || !isWord(b.charAt(b.length() - 1)))) {
          b.append(lower, i + 1, j);
          i = j + 1;
        } else {
          b.append(c);
          i++;
        }
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /**
   * Where JavaScript hides its code: JSFuck ({@code ![]+[]}), UTF-7 markup ({@code +ADw-}), the
   * Function constructor, or a sink interpolated into a tagged template ({@code `${alert}`}).
   */
  static int obscureJs(String lower) {
    int at = lower.indexOf("![]");
    if (at >= 0 && (lower.contains("+[]") || lower.contains("[][") || lower.contains("!![]"))) {
      return at;
    }
    at = lower.indexOf("+adw-");
    if (at >= 0) {
      return at;
    }
    at = lower.indexOf("new function(");
    if (at < 0) {
      at = lower.indexOf("new function (");
    }
    if (at >= 0) {
      return at;
    }
    for (String sink : CALL_SINKS) {
      at = lower.indexOf("${" + sink + "}");
      if (at >= 0) {
        return at;
      }
    }
    return -1;
  }

  /**
   * Where a CSS {@code expression(} follows a property's colon, or a {@code -moz-binding} or {@code
   * behavior} property loads code; -1 if none.
   */
  private static final List<String> BINDINGS = List.of("binding", "behavior", "behaviour");

  static int cssExpression(String lower) {
    for (String binding : BINDINGS) {
      int b = lower.indexOf(binding);
      if (b >= 0 && lower.indexOf("url(", b) > b && lower.indexOf(':', b) > b) {
        return b;
      }
    }
    int i = lower.indexOf("expression");
    while (i >= 0) {
      int j = i + "expression".length();
      while (j < lower.length() && j - i < 14 && lower.charAt(j) == ' ') {
        j++;
      }
      int b = i - 1;
      while (b >= 0 && i - b < 4 && lower.charAt(b) == ' ') {
        b--;
      }
      if (j < lower.length() && lower.charAt(j) == '(' && b >= 0 && lower.charAt(b) == ':') {
        return i;
      }
      i = lower.indexOf("expression", i + 1);
    }
    return -1;
  }

  /**
   * Where a Netscape JavaScript entity ({@code &{code};}) starts, as the XSS locator strings of the
   * cheat sheets carry it ({@code <xss>=&{()}}); -1 if none. Needs a brace closed within 64
   * characters and markup or an attribute before it.
   */
  static int jsEntity(String lower) {
    int i = lower.indexOf("&{");
    while (i >= 0) {
      int close = lower.indexOf('}', i + 2);
      if (close > 0
          && close - i <= 64
          && i > 0
          && (lower.indexOf('<') >= 0 || lower.charAt(i - 1) == '=')) {
        return i;
      }
      i = lower.indexOf("&{", i + 2);
    }
    return -1;
  }

  /** Whether CSS, once its escapes, comments and blanks are gone, runs script. */
  static boolean cssRunsScript(String css) {
    StringBuilder b = new StringBuilder(css.length());
    int n = css.length();
    int i = 0;
    while (i < n) {
      char c = css.charAt(i);
      if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
        int close = css.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\\' && i + 1 < n) {
        int j = i + 1;
        int cp = 0;
        while (j < n && j - i <= 6 && WebDecoder.hex(css.charAt(j)) >= 0) {
          cp = cp * 16 + WebDecoder.hex(css.charAt(j));
          j++;
        }
        if (j > i + 1) {
          b.appendCodePoint(cp > 0 && cp <= 0x10FFFF ? cp : 0xFFFD);
          i = j < n && css.charAt(j) == ' ' ? j + 1 : j;
        } else {
          b.append(css.charAt(i + 1));
          i += 2;
        }
      } else {
        if (!isBlank(c)) {
          b.append(Character.toLowerCase(c));
        }
        i++;
      }
    }
    String clean = b.toString();
    for (String marker : CSS_SCRIPT) {
      if (clean.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a Vue/Angular expression ({@code {{...}}}) or a template literal ({@code ${...}}) reaches
   * a constructor or a dialog; -1 if none.
   */
  static int clientTemplate(String s) {
    int r = template(s, "{{", "}}");
    return r >= 0 ? r : template(s, "${", "}");
  }

  private static int template(String s, String open, String close) {
    int start = -1;
    int n = s.length();
    for (int i = 0; i + close.length() <= n; i++) {
      if (start < 0 && s.startsWith(open, i)) {
        start = i;
        i += open.length() - 1;
      } else if (start >= 0 && s.startsWith(close, i)) {
        int from = Math.max(start + open.length(), i - TEMPLATE_WINDOW);
        String inner = s.substring(from, i).toLowerCase(Locale.ROOT);
        if (!inner.startsWith("@") && !inner.startsWith("jndi") && hasTemplateMarker(inner)) {
          return start;
        }
        start = -1;
      }
    }
    return -1;
  }

  private static boolean hasTemplateMarker(String inner) {
    for (String m : TEMPLATE_MARKERS) {
      if (inner.contains(m)) {
        return true;
      }
    }
    return false;
  }

  static int indexOfIgnoreCase(String s, String lowerNeedle, int from) {
    int m = lowerNeedle.length();
    char first = lowerNeedle.charAt(0);
    for (int i = Math.max(0, from); i + m <= s.length(); i++) {
      if (Character.toLowerCase(s.charAt(i)) == first
          && s.regionMatches(true, i, lowerNeedle, 0, m)) {
        return i;
      }
    }
    return -1;
  }

  static boolean isBlank(char c) {
    return c <= ' ' || c == 0x7f || c == '\u00a0';
  }

  static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
