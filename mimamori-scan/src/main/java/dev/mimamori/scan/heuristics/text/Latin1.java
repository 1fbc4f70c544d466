package dev.mimamori.scan.heuristics.text;

import java.nio.charset.StandardCharsets;

/**
 * Files are looked at as byte strings: each byte one char (ISO-8859-1). Offsets are byte offsets,
 * no input is malformed, and multi-byte UTF-8 text (Japanese field labels) is matched by its bytes.
 * Case folding is ASCII only, so the bytes of UTF-8 sequences are never changed.
 */
public final class Latin1 {
  private Latin1() {}

  public static String of(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** The byte string of a Java (UTF-16) string's UTF-8 encoding. */
  public static String fromUtf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  public static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  public static String lower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = lower(chars[j]);
        }
        return new String(chars);
      }
    }
    return s;
  }

  /** Appends a Unicode code point as its UTF-8 bytes, one char per byte. */
  public static void appendUtf8(StringBuilder out, int codePoint) {
    if (codePoint < 0x80) {
      out.append((char) codePoint);
    } else if (codePoint < 0x800) {
      out.append((char) (0xC0 | codePoint >> 6)).append((char) (0x80 | codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      out.append((char) (0xE0 | codePoint >> 12))
          .append((char) (0x80 | codePoint >> 6 & 0x3F))
          .append((char) (0x80 | codePoint & 0x3F));
    } else if (codePoint <= 0x10FFFF) {
      out.append((char) (0xF0 | codePoint >> 18))
          .append((char) (0x80 | codePoint >> 12 & 0x3F))
          .append((char) (0x80 | codePoint >> 6 & 0x3F))
          .append((char) (0x80 | codePoint & 0x3F));
    }
  }

  /** 1-based line of an offset: counts newlines before it. */
  public static int lineOf(CharSequence text, int offset) {
    int line = 1;
    int end = Math.min(offset, text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Index of {@code needle} (lower-case ASCII) in {@code text} ignoring ASCII case, or -1. */
  public static int indexOfIgnoreCase(CharSequence text, String needle, int from) {
    int n = needle.length();
    if (n == 0) {
      return from;
    }
    char first = needle.charAt(0);
    for (int i = Math.max(0, from), last = text.length() - n; i <= last; i++) {
      if (lower(text.charAt(i)) != first) {
        continue;
      }
      int j = 1;
      while (j < n && lower(text.charAt(i + j)) == needle.charAt(j)) {
        j++;
      }
      if (j == n) {
        return i;
      }
    }
    return -1;
  }

  /** Share of chars that are printable ASCII or whitespace, over at most the first 4096. */
  public static double printableRatio(CharSequence text) {
    int n = Math.min(text.length(), 4096);
    if (n == 0) {
      return 0;
    }
    int ok = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F || c == '\n' || c == '\r' || c == '\t') {
        ok++;
      }
    }
    return (double) ok / n;
  }
}
