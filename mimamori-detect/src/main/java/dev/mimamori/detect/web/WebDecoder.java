package dev.mimamori.detect.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a request value the ways a server, an application or a browser may decode it, and returns
 * the distinct results so that each detector can test every reading of the value.
 *
 * <p>The variants, in order, each built on the one before:
 *
 * <ol>
 *   <li>one percent-decoding layer: what the application receives;
 *   <li>percent-decoding repeated up to {@value #MAX_URL_LAYERS} layers: applications that decode
 *       again (double and triple encoding);
 *   <li>HTML character references and backslash escapes decoded: what a browser or a JavaScript
 *       string makes of the text;
 *   <li>canonical: full-width ASCII folded (Japanese input methods produce it and EC-CUBE converts
 *       it back), SQL block comments and whitespace runs collapsed to one space, lower case.
 * </ol>
 *
 * NUL characters are removed from every variant. Each step is one pass over its input, so the whole
 * is linear in the input, which is cut at {@value #MAX_INPUT} characters.
 */
public final class WebDecoder {
  /** Longer values are cut: a payload that matters starts within the first 64 KiB. */
  public static final int MAX_INPUT = 64 * 1024;

  public static final int MAX_VARIANTS = 4;
  static final int MAX_URL_LAYERS = 3;

  private static final @Nullable Charset SHIFT_JIS =
      Charset.isSupported("windows-31j") ? Charset.forName("windows-31j") : null;

  // Character references worth decoding for detection; browsers also accept the first five
  // without the trailing ';'. Matched case-insensitively: leniency only adds a variant.
  private static final Map<String, Character> ENTITIES =
      Map.ofEntries(
          Map.entry("lt", '<'),
          Map.entry("gt", '>'),
          Map.entry("amp", '&'),
          Map.entry("quot", '"'),
          Map.entry("nbsp", '\u00a0'),
          Map.entry("apos", '\''),
          Map.entry("colon", ':'),
          Map.entry("tab", '\t'),
          Map.entry("newline", '\n'),
          Map.entry("lpar", '('),
          Map.entry("rpar", ')'),
          Map.entry("sol", '/'),
          Map.entry("bsol", '\\'),
          Map.entry("semi", ';'),
          Map.entry("comma", ','),
          Map.entry("period", '.'),
          Map.entry("excl", '!'),
          Map.entry("num", '#'),
          Map.entry("dollar", '$'),
          Map.entry("percnt", '%'),
          Map.entry("plus", '+'),
          Map.entry("equals", '='),
          Map.entry("quest", '?'),
          Map.entry("commat", '@'),
          Map.entry("lsqb", '['),
          Map.entry("rsqb", ']'),
          Map.entry("lcub", '{'),
          Map.entry("rcub", '}'),
          Map.entry("grave", '`'),
          Map.entry("ast", '*'),
          Map.entry("verbar", '|'),
          Map.entry("lowbar", '_'),
          Map.entry("hat", '^'));
  private static final int LEGACY_ENTITY_MAX = 4;
  private static final List<String> LEGACY_PREFIXES = List.of("quot", "amp", "lt", "gt");
  private static final int ENTITY_NAME_MAX = 8;

  private WebDecoder() {}

  /**
   * The distinct decoded readings of {@code value}, at most {@value #MAX_VARIANTS}, the one the
   * application sees first.
   *
   * @param form whether {@code +} means a space (query strings and form bodies)
   */
  public static List<String> variants(String value, boolean form) {
    return decode(value, form).variants(true);
  }

  /**
   * The four readings of a value, possibly equal.
   *
   * @param once one percent-decoding layer
   * @param full percent-decoding repeated
   * @param markup character references and backslash escapes decoded too
   * @param canonical folded, collapsed and lower-cased ({@link #canonical})
   */
  public record Decoded(String once, String full, String markup, String canonical) {
    /**
     * The distinct readings in order; the canonical one only if {@code withCanonical} or it reads
     * differently in more than case and spacing ({@link #canonicalAddsReading}).
     */
    public List<String> variants(boolean withCanonical) {
      List<String> out = new ArrayList<>(MAX_VARIANTS);
      out.add(once);
      addDistinct(out, full);
      addDistinct(out, markup);
      if (withCanonical || canonicalAddsReading(markup)) {
        addDistinct(out, canonical);
      }
      return List.copyOf(out);
    }
  }

  /** The readings of {@code value}; see {@link #variants}. */
  public static Decoded decode(String value, boolean form) {
    String in = value.length() > MAX_INPUT ? value.substring(0, MAX_INPUT) : value;
    String once = stripNul(percentDecode(in, form));
    String full = once;
    for (int layer = 1; layer < MAX_URL_LAYERS; layer++) {
      String next = stripNul(percentDecode(full, form));
      if (next.equals(full)) {
        break;
      }
      full = next;
    }
    String markup = stripNul(unescapeMarkup(full));
    return new Decoded(once, full, markup, canonical(markup));
  }

  private static void addDistinct(List<String> out, String v) {
    if (!out.contains(v)) {
      out.add(v);
    }
  }

  /**
   * One layer of percent decoding: {@code %HH} bytes and {@code %uHHHH} characters, the bytes read
   * as UTF-8, else as Shift_JIS (Japanese shops still receive it), else as UTF-8 that keeps
   * overlong forms ({@code %c0%af} is {@code /}, as old decoders made it) and marks invalid bytes
   * with U+FFFD. Invalid escapes stay as written.
   */
  public static String percentDecode(String s, boolean form) {
    if (s.indexOf('%') < 0 && !(form && s.indexOf('+') >= 0)) {
      return s;
    }
    int n = s.length();
    byte[] bytes = new byte[n * 3 + 4];
    int nb = 0;
    boolean high = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        int b = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
        bytes[nb++] = (byte) b;
        high |= b >= 0x80;
        i += 2;
      } else if (c == '%' && i + 5 < n && (s.charAt(i + 1) | 0x20) == 'u' && hex4(s, i + 2) >= 0) {
        int cp = hex4(s, i + 2);
        i += 5;
        if (Character.isHighSurrogate((char) cp)
            && i + 6 < n
            && s.charAt(i + 1) == '%'
            && (s.charAt(i + 2) | 0x20) == 'u'
            && hex4(s, i + 3) >= 0
            && Character.isLowSurrogate((char) hex4(s, i + 3))) {
          cp = Character.toCodePoint((char) cp, (char) hex4(s, i + 3));
          i += 6;
        } else if (Character.isSurrogate((char) cp)) {
          cp = 0xFFFD;
        }
        nb = putUtf8(bytes, nb, cp);
        high |= cp >= 0x80;
      } else if (c == '+' && form) {
        bytes[nb++] = ' ';
      } else if (c < 0x80) {
        bytes[nb++] = (byte) c;
      } else {
        int cp = s.codePointAt(i);
        if (Character.isSurrogate(c) && cp == c) {
          cp = 0xFFFD;
        }
        i += Character.charCount(cp) - 1;
        nb = putUtf8(bytes, nb, cp);
        high = true;
      }
    }
    if (!high) {
      return new String(bytes, 0, nb, StandardCharsets.ISO_8859_1);
    }
    String strict = strictDecode(StandardCharsets.UTF_8, bytes, nb);
    if (strict != null) {
      return strict;
    }
    if (!hasOverlong(bytes, nb) && SHIFT_JIS != null) {
      String sjis = strictDecode(SHIFT_JIS, bytes, nb);
      if (sjis != null) {
        return sjis;
      }
    }
    return lenientUtf8(bytes, nb);
  }

  private static @Nullable String strictDecode(Charset cs, byte[] bytes, int n) {
    try {
      CharBuffer cb =
          cs.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, n));
      return cb.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean hasOverlong(byte[] b, int n) {
    for (int i = 0; i + 1 < n; i++) {
      int b0 = b[i] & 0xff;
      int b1 = b[i + 1] & 0xff;
      if ((b0 == 0xC0 || b0 == 0xC1) && b1 >= 0x80 && b1 <= 0xBF
          || b0 == 0xE0 && b1 >= 0x80 && b1 <= 0x9F
          || b0 == 0xF0 && b1 >= 0x80 && b1 <= 0x8F) {
        return true;
      }
    }
    return false;
  }

  /** UTF-8 that decodes overlong forms to what they spell and turns other junk into U+FFFD. */
  private static String lenientUtf8(byte[] b, int n) {
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      int b0 = b[i] & 0xff;
      if (b0 < 0x80) {
        out.append((char) b0);
        i++;
        continue;
      }
      int need;
      int cp;
      if (b0 >= 0xC0 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
      } else if (b0 >= 0xF0 && b0 <= 0xF7) {
        need = 3;
        cp = b0 & 0x07;
      } else {
        out.append('\uFFFD');
        i++;
        continue;
      }
      boolean ok = i + need < n;
      for (int k = 1; ok && k <= need; k++) {
        int bk = b[i + k] & 0xff;
        ok = bk >= 0x80 && bk <= 0xBF;
        cp = (cp << 6) | (bk & 0x3F);
      }
      if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out.append('\uFFFD');
        i++;
        continue;
      }
      out.appendCodePoint(cp);
      i += need + 1;
    }
    return out.toString();
  }

  private static int putUtf8(byte[] b, int at, int cp) {
    if (cp < 0x80) {
      b[at++] = (byte) cp;
    } else if (cp < 0x800) {
      b[at++] = (byte) (0xC0 | (cp >> 6));
      b[at++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      b[at++] = (byte) (0xE0 | (cp >> 12));
      b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      b[at++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      b[at++] = (byte) (0xF0 | (cp >> 18));
      b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      b[at++] = (byte) (0x80 | (cp & 0x3F));
    }
    return at;
  }

  /**
   * HTML character references ({@code &lt;}, {@code &#60;}, {@code &#x3c;}, with or without {@code
   * ;}, leading zeros allowed) and backslash escapes ({@code \xHH}, {@code \}{@code uHHHH}, {@code
   * \}{@code u{H..}}, {@code \'}, {@code \"}, {@code \\}, {@code \/}), in one pass.
   */
  public static String unescapeMarkup(String s) {
    if (s.indexOf('&') < 0 && s.indexOf('\\') < 0) {
      return s;
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '&') {
        i = entity(s, i, out);
      } else if (c == '\\' && i + 1 < n) {
        i = backslash(s, i, out);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Decodes the reference at {@code s[at] == '&'} into {@code out}; returns the next index. */
  private static int entity(String s, int at, StringBuilder out) {
    int n = s.length();
    int i = at + 1;
    if (i < n && s.charAt(i) == '#') {
      i++;
      boolean isHex = i < n && (s.charAt(i) | 0x20) == 'x';
      if (isHex) {
        i++;
      }
      int digitsStart = i;
      while (i < n && s.charAt(i) == '0') {
        i++;
      }
      long value = 0;
      int significant = 0;
      while (i < n && (isHex ? hex(s.charAt(i)) >= 0 : isDigit(s.charAt(i)))) {
        if (significant < 8) {
          value = value * (isHex ? 16 : 10) + (isHex ? hex(s.charAt(i)) : s.charAt(i) - '0');
        }
        significant++;
        i++;
      }
      if (i == digitsStart) {
        out.append('&');
        return at + 1;
      }
      if (i < n && s.charAt(i) == ';') {
        i++;
      }
      if (significant > 7 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        out.append('\uFFFD');
      } else if (value != 0) {
        out.appendCodePoint((int) value);
      }
      return i;
    }
    int end = i;
    while (end < n && end - i <= ENTITY_NAME_MAX && isAsciiLetter(s.charAt(end))) {
      end++;
    }
    if (end > i) {
      Character ch = ENTITIES.get(lower(s, i, end));
      boolean semi = end < n && s.charAt(end) == ';';
      if (ch != null && (semi || end - i <= LEGACY_ENTITY_MAX)) {
        out.append(ch.charValue());
        return semi ? end + 1 : end;
      }
      // Browsers read "&ltscript" as "<script": the legacy names also work as a prefix.
      for (String legacy : LEGACY_PREFIXES) {
        if (end - i > legacy.length() && s.regionMatches(true, i, legacy, 0, legacy.length())) {
          out.append(ENTITIES.get(legacy).charValue());
          return i + legacy.length();
        }
      }
    }
    out.append('&');
    return at + 1;
  }

  private static int backslash(String s, int at, StringBuilder out) {
    int n = s.length();
    char e = s.charAt(at + 1);
    switch (e) {
      case 'x', 'X' -> {
        if (at + 3 < n && hex(s.charAt(at + 2)) >= 0 && hex(s.charAt(at + 3)) >= 0) {
          out.append((char) (hex(s.charAt(at + 2)) * 16 + hex(s.charAt(at + 3))));
          return at + 4;
        }
      }
      case 'u', 'U' -> {
        if (at + 5 < n && hex4(s, at + 2) >= 0) {
          int cp = hex4(s, at + 2);
          out.append((char) cp);
          return at + 6;
        }
        if (at + 2 < n && s.charAt(at + 2) == '{') {
          int i = at + 3;
          int cp = 0;
          while (i < n && i - at - 3 < 6 && hex(s.charAt(i)) >= 0) {
            cp = cp * 16 + hex(s.charAt(i));
            i++;
          }
          if (i > at + 3 && i < n && s.charAt(i) == '}' && cp <= 0x10FFFF) {
            out.appendCodePoint(cp);
            return i + 1;
          }
        }
      }
      case '\'', '"', '\\', '/' -> {
        out.append(e);
        return at + 2;
      }
      default -> {}
    }
    out.append('\\');
    return at + 1;
  }

  /**
   * Full-width ASCII to ASCII, SQL block comments to a space (a MySQL {@code /*!} comment keeps its
   * content, which MySQL executes), whitespace and control runs to one space, then lower case.
   */
  public static String canonical(String s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    boolean inExecutable = false;
    boolean space = false;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0);
      } else if (c == '\u3000') {
        c = ' ';
      } else if (isSlashLookalike(c)) {
        // Slash look-alikes that Windows "best fit" conversion turns into slashes.
        c = c == '\u2216' || c == '\uFE68' || c == '\u29F9' ? '\\' : '/';
      }
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        if (i + 2 < n && s.charAt(i + 2) == '!') {
          inExecutable = true;
          i += 3;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
        } else {
          int close = s.indexOf("*/", i + 2);
          i = close < 0 ? n : close + 2;
        }
        space = true;
        continue;
      }
      if (inExecutable && c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
        inExecutable = false;
        i += 2;
        space = true;
        continue;
      }
      if (c <= ' ' || c == '\u00a0' || c == 0x7f || Character.isWhitespace(c)) {
        space = true;
        i++;
        continue;
      }
      if (space) {
        if (out.length() > 0) {
          out.append(' ');
        }
        space = false;
      }
      out.append(Character.toLowerCase(c));
      i++;
    }
    return out.toString();
  }

  /**
   * Whether {@link #canonical} of {@code markup} reads differently from it in more than case and
   * spacing: it folds full-width characters or removes SQL block comments.
   */
  static boolean canonicalAddsReading(String markup) {
    for (int i = 0; i < markup.length(); i++) {
      char c = markup.charAt(i);
      if ((c >= '\uFF01' && c <= '\uFF5E') || c == '\u3000' || isSlashLookalike(c)) {
        return true;
      }
      if (c == '/' && i + 1 < markup.length() && markup.charAt(i + 1) == '*') {
        return true;
      }
    }
    return false;
  }

  private static boolean isSlashLookalike(char c) {
    return c == '\u2215'
        || c == '\u2044'
        || c == '\u29F8'
        || c == '\u2216'
        || c == '\uFE68'
        || c == '\u29F9';
  }

  static String stripNul(String s) {
    if (s.indexOf('\0') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\0') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String lower(String s, int from, int to) {
    char[] cs = new char[to - from];
    for (int i = from; i < to; i++) {
      cs[i - from] = (char) (s.charAt(i) | 0x20);
    }
    return new String(cs);
  }

  private static boolean isAsciiLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int hex4(String s, int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int h = hex(s.charAt(at + k));
      if (h < 0) {
        return -1;
      }
      v = v * 16 + h;
    }
    return v;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
