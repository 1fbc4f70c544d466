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
  static final String[] WORDS = {
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

  /** Characters every attack family needs one of, in any part of a request. */
  static final String ALWAYS = "'\"<>`${}|\\";

  // What a character means to the gate, looked up once per character (the loop runs over every
  // character of every path, parameter, user agent and referrer).
  private static final int K_ALWAYS = 1;
  private static final int K_CODE = 2;
  private static final int K_JOIN = 4;
  private static final byte[] KIND = new byte[128];

  static {
    for (char c : ALWAYS.toCharArray()) {
      KIND[c] |= K_ALWAYS;
    }
    for (char c : ";()#*".toCharArray()) {
      KIND[c] |= K_CODE;
    }
    KIND['='] |= K_JOIN;
    KIND['&'] |= K_JOIN;
  }

  /** The words as one automaton (one table step per character); for user agents without ://. */
  private static final Dfa ALL = new Dfa(List.of(WORDS));

  private static final Dfa HEADER_WORDS =
      new Dfa(java.util.Arrays.stream(WORDS).filter(w -> !w.equals("://")).toList());

  /** A table entry: the value is worth the analysis (a character or a word attacks need). */
  private static final int PASS = -1;

  /** A table entry: a percent sign, whose encoded character decides. */
  private static final int PERCENT = -2;

  /**
   * Per kind of value, everything the loop decides about a character in one table: {@code
   * table[state * 128 + c]} is the next word state, or {@link #PASS}, or {@link #PERCENT}. Upper
   * case reads as lower case; index 0 stands for every character outside ASCII (none is in a word
   * or a class), as for NUL.
   */
  private static final int[] PLAIN_TABLE = table(ALL, K_ALWAYS | K_CODE | K_JOIN, true);

  private static final int[] HEADER_TABLE = table(HEADER_WORDS, K_ALWAYS, true);

  /** A referrer is another site's URL: only characters attacks need count, no words. */
  private static final int[] REFERRER_TABLE = table(ALL, K_ALWAYS | K_CODE, false);

  private static int[] table(Dfa words, int passKinds, boolean readWords) {
    int states = readWords ? words.accepts.length : 1;
    int[] t = new int[states * 128];
    for (int s = 0; s < states; s++) {
      for (int c = 0; c < 128; c++) {
        int e;
        if (c == '%') {
          e = PERCENT;
        } else if ((KIND[c] & passKinds) != 0) {
          e = PASS;
        } else if (!readWords) {
          e = 0;
        } else {
          int sym = c >= 'A' && c <= 'Z' ? c + 32 : c;
          int next = words.next[s * 128 + sym];
          e = words.accepts[next] ? PASS : next;
        }
        t[s * 128 + c] = e;
      }
    }
    return t;
  }

  private Gate() {}

  /**
   * Aho-Corasick compiled to a dense table over ASCII: {@code next[state * 128 + c]}; {@code
   * accepts[state]} when some word ends there. Characters outside ASCII step with 0, which no word
   * holds.
   */
  private static final class Dfa {
    final int[] next;
    final boolean[] accepts;

    Dfa(List<String> words) {
      List<int[]> go = new ArrayList<>();
      List<Boolean> ends = new ArrayList<>();
      go.add(new int[128]);
      java.util.Arrays.fill(go.get(0), -1);
      ends.add(false);
      for (String w : words) {
        int st = 0;
        for (int k = 0; k < w.length(); k++) {
          int c = w.charAt(k);
          if (go.get(st)[c] < 0) {
            int[] row = new int[128];
            java.util.Arrays.fill(row, -1);
            go.add(row);
            ends.add(false);
            go.get(st)[c] = go.size() - 1;
          }
          st = go.get(st)[c];
        }
        ends.set(st, true);
      }
      int n = go.size();
      next = new int[n * 128];
      accepts = new boolean[n];
      int[] fail = new int[n];
      java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
      for (int c = 0; c < 128; c++) {
        int t = go.get(0)[c];
        next[c] = t < 0 ? 0 : t;
        if (t > 0) {
          fail[t] = 0;
          queue.add(t);
        }
      }
      accepts[0] = ends.get(0);
      while (!queue.isEmpty()) {
        int st = queue.poll();
        accepts[st] = ends.get(st) || accepts[fail[st]];
        for (int c = 0; c < 128; c++) {
          int t = go.get(st)[c];
          if (t < 0) {
            next[st * 128 + c] = next[fail[st] * 128 + c];
          } else {
            next[st * 128 + c] = t;
            fail[t] = next[fail[st] * 128 + c];
            queue.add(t);
          }
        }
      }
    }
  }

  /**
   * Characters a browser or shipper encodes in ordinary text: letters, digits, space, {@code - _ ,
   * +}. An encoded dot or slash is already unusual (and traversal's disguise).
   */
  private static boolean plainWhenEncoded(char c) {
    return Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_' || c == ',' || c == '+';
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
    boolean referrer = source == WebValue.Source.REFERRER;
    int[] table =
        source == WebValue.Source.HEADER ? HEADER_TABLE : referrer ? REFERRER_TABLE : PLAIN_TABLE;
    int state = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      int c = text.charAt(i);
      if (c >= 128) {
        // Full-width forms read as ASCII, as the decoder folds them; other characters as NUL.
        c = c >= '\uFF01' && c <= '\uFF5E' ? c - 0xFEE0 : 0;
      }
      int next = table[state * 128 + c];
      if (next >= 0) {
        state = next;
        continue;
      }
      if (next == PASS) {
        return true;
      }
      // PERCENT: a byte of a UTF-8 letter (%E3%81%BF: Japanese text) is a letter; an encoded ASCII
      // character that ordinary text does not encode, %u or a double encoding is worth a look.
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
      state = 0;
    }
    return false;
  }
}
