package dev.mimamori.detect.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a value is worth the full analysis: most requests are plain (a product path, a category
 * id, a browser's user agent) and must cost next to nothing. A value passes when it holds a
 * character attacks need ({@code ' " < > ` $ { } | \ %} and, outside user agents, {@code ; ( ) = &
 * # *}) or a word that attacks written in plain characters need ({@code union}, {@code ../}, {@code
 * ://}, {@code /etc/}, {@code javascript}, {@code jndi}, {@code wget}, ...). One pass over the
 * value, words looked up by their first letter.
 */
final class Gate {
  private static final String[] WORDS = {
    "union",
    "select",
    "sleep",
    "benchmark",
    "waitfor",
    " or ",
    " and ",
    "+or+",
    "+and+",
    "..",
    "etc/",
    "passwd",
    "win.ini",
    "boot.ini",
    "/proc/",
    "://",
    "php:",
    "file:",
    "data:",
    "expect:",
    "phar:",
    "zip:",
    "glob:",
    "javascript",
    "vbscript",
    "169.254",
    "metadata",
    "fd00:ec2",
    "jndi",
    "eval",
    "assert",
    "system",
    "exec",
    "passthru",
    "popen",
    "base64",
    "wget",
    "curl",
    "bash",
    "/bin/",
    "cmd",
    "powershell",
    "0x",
    "char",
    "concat",
    "<script",
    "onerror",
    "onload",
    "alert",
    "document",
    "constructor",
    "include",
    "require",
    "sh -",
    "nc -",
    "ping ",
    "whoami",
    "uname",
    "/dev/",
    ".env",
    ".git",
    ".htaccess",
    ".htpasswd",
    "web.config",
    "ls ",
    "cat ",
    "rm ",
    "/var/",
    "/usr/",
    "/tmp/",
    "/root",
    "system32",
    "type ",
    "dir ",
    "echo",
    "nslookup",
    "timeout",
    "sh ",
    "python ",
    "python3 ",
    "perl ",
    "php ",
    "ruby ",
    "ifconfig",
    "--",
    "order by",
    "ping ",
    "ping.",
    "ping+",
    "web-inf",
    "inetpub",
    ".asa",
    "dir+",
    "c:/",
    "d:/"
  };

  /** Words by their first (lower-case ASCII) letter. */
  private static final String[][] BY_FIRST = index();

  /** Which two-letter starts some word has, by {@code first * 128 + second}. */
  private static final boolean[] STARTS = starts();

  private Gate() {}

  private static boolean[] starts() {
    boolean[] out = new boolean[128 * 128];
    for (String w : WORDS) {
      if (w.length() > 1) {
        out[w.charAt(0) * 128 + w.charAt(1)] = true;
      }
    }
    return out;
  }

  /** A character as the words are written: ASCII lower case, full-width folded; 0 for others. */
  private static int folded(char c) {
    if (c >= '\uFF01' && c <= '\uFF5E') {
      c = (char) (c - 0xFEE0);
    }
    if (c >= 'A' && c <= 'Z') {
      c = (char) (c + 32);
    }
    return c < 128 ? c : 0;
  }

  private static String[][] index() {
    List<List<String>> buckets = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      buckets.add(new ArrayList<>());
    }
    for (String w : WORDS) {
      buckets.get(w.charAt(0)).add(w);
    }
    String[][] out = new String[128][];
    for (int i = 0; i < 128; i++) {
      out[i] = buckets.get(i).toArray(String[]::new);
    }
    return out;
  }

  /**
   * Characters a browser or shipper encodes in ordinary text: letters, digits, space, {@code - _ ,
   * +}. An encoded dot or slash is already unusual (and traversal's disguise).
   */
  private static boolean plainWhenEncoded(char c) {
    return Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_' || c == ',' || c == '+';
  }

  /** Whether {@code word} starts at {@code at}, ignoring ASCII case and full-width forms. */
  private static boolean matchesFolded(String text, int at, String word) {
    if (at + word.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      char c = text.charAt(at + k);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0);
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  static boolean worthAnalyzing(String raw, WebValue.Source source) {
    String text = raw;
    if (source == WebValue.Source.REFERRER) {
      // A referrer is a URL: its scheme and host are the visitor's, not an attack.
      int scheme = text.indexOf("://");
      if (scheme >= 0) {
        int path = text.indexOf('/', scheme + 3);
        text = path < 0 ? "" : text.substring(path);
      }
    }
    boolean header = source == WebValue.Source.HEADER;
    boolean referrer = source == WebValue.Source.REFERRER;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0); // full-width forms read as ASCII, as the decoder folds them
      }
      switch (c) {
        case '%' -> {
          // A byte of a UTF-8 letter (%E3%81%BF: Japanese text) is a letter; an encoded ASCII
          // character, %u or a double encoding is worth a look.
          int hi = i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
          int lo = i + 2 < n ? Character.digit(text.charAt(i + 2), 16) : -1;
          if (hi < 0 || lo < 0) {
            return true;
          }
          int decoded = hi * 16 + lo;
          if (decoded < 0x80
              && (referrer
                  ? "'\"<>`${}|\\;".indexOf(decoded) >= 0
                  : !plainWhenEncoded((char) decoded))) {
            return true;
          }
          i += 2;
        }
        case '\'', '"', '<', '>', '`', '$', '{', '}', '|', '\\' -> {
          return true;
        }
        case ';', '(', ')', '#', '*' -> {
          if (!header) {
            return true;
          }
        }
        case '=', '&' -> {
          // Inside a parameter value or a path these are odd; in a referrer's query, normal.
          if (!header && source != WebValue.Source.REFERRER) {
            return true;
          }
        }
        default -> {
          if (c >= 0x80) {
            continue; // letters of other scripts: no attack word starts with one
          }
          char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
          if (referrer) {
            continue; // a referrer is another site's URL: only characters attacks need count
          }
          if (BY_FIRST[lower].length == 0
              || i + 1 >= n
              || !STARTS[lower * 128 + folded(text.charAt(i + 1))]) {
            continue; // no word starts with these two letters: most positions end here
          }
          for (String w : BY_FIRST[lower]) {
            if (header && w.equals("://")) {
              continue; // bots name their home page in the user agent
            }
            if (matchesFolded(text, i, w)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
