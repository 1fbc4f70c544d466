package dev.mimamori.scan.heuristics.text;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The decoders malware wraps its payloads in, applied to byte strings so a payload can be looked
 * at, never run. Every result is bounded: a decoder returns at most {@code limit} chars, so a
 * compression bomb costs no more than its limit.
 */
public final class Decoding {
  private static final int[] BASE64 = new int[128];

  static {
    java.util.Arrays.fill(BASE64, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = i;
    }
    BASE64['-'] = 62; // URL-safe alphabet
    BASE64['_'] = 63;
  }

  private Decoding() {}

  public static boolean isBase64Char(char c) {
    return c < 128 && BASE64[c] >= 0;
  }

  /**
   * Base64 as PHP's lenient {@code base64_decode} reads it: whitespace is skipped, decoding stops
   * at the first other character outside the alphabet ({@code =} included).
   */
  public static String base64(CharSequence s, int limit) {
    StringBuilder out = new StringBuilder(Math.min(limit, s.length() * 3 / 4 + 3));
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length() && out.length() < limit; i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      }
      if (c >= 128 || BASE64[c] < 0) {
        break;
      }
      buffer = buffer << 6 | BASE64[c];
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.append((char) (buffer >> bits & 0xFF));
      }
    }
    return out.toString();
  }

  /** Hex pairs to bytes; stops at the first non-hex character. */
  public static String hex(CharSequence s, int limit) {
    StringBuilder out = new StringBuilder(Math.min(limit, s.length() / 2 + 1));
    for (int i = 0; i + 1 < s.length() && out.length() < limit; i += 2) {
      int hi = Character.digit(s.charAt(i), 16);
      int lo = Character.digit(s.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        break;
      }
      out.append((char) (hi << 4 | lo));
    }
    return out.toString();
  }

  public static String rot13(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) ('a' + (c - 'a' + 13) % 26);
      } else if (c >= 'A' && c <= 'Z') {
        c = (char) ('A' + (c - 'A' + 13) % 26);
      }
      out.append(c);
    }
    return out.toString();
  }

  public static String reverse(CharSequence s) {
    return new StringBuilder(s).reverse().toString();
  }

  /** %XX escapes decoded, '+' kept (as JavaScript's unescape and PHP's rawurldecode do). */
  public static String percent(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.append((char) (hi << 4 | lo));
          i += 2;
          continue;
        }
      }
      if (c == '%' && i + 5 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
        int cp = parseHex(s, i + 2, i + 6);
        if (cp >= 0) {
          Latin1.appendUtf8(out, cp);
          i += 5;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  static int parseHex(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /**
   * Inflates raw deflate ({@code gzinflate}), zlib ({@code gzuncompress}) or gzip ({@code
   * gzdecode}) data, whichever the header says; null when it is none of them.
   */
  public static @Nullable String inflate(CharSequence data, int limit) {
    byte[] in = new byte[data.length()];
    for (int i = 0; i < in.length; i++) {
      in[i] = (byte) data.charAt(i);
    }
    int offset = 0;
    boolean raw = true;
    if (in.length > 10 && (in[0] & 0xFF) == 0x1F && (in[1] & 0xFF) == 0x8B) {
      offset = gzipHeaderLength(in);
      if (offset < 0) {
        return null;
      }
    } else if (in.length > 2
        && (in[0] & 0x0F) == 8
        && ((in[0] & 0xFF) << 8 | in[1] & 0xFF) % 31 == 0) {
      raw = false;
    }
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(in, offset, in.length - offset);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished() && out.size() < limit) {
        int n = inflater.inflate(buffer, 0, Math.min(buffer.length, limit - out.size()));
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
      return out.size() == 0 ? null : Latin1.of(out.toByteArray());
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static int gzipHeaderLength(byte[] in) {
    int flags = in[3] & 0xFF;
    int p = 10;
    if ((flags & 4) != 0) {
      if (p + 2 > in.length) {
        return -1;
      }
      p += 2 + ((in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8);
    }
    for (int bit : new int[] {8, 16}) {
      if ((flags & bit) != 0) {
        while (p < in.length && in[p] != 0) {
          p++;
        }
        p++;
      }
    }
    if ((flags & 2) != 0) {
      p += 2;
    }
    return p < in.length ? p : -1;
  }

  /** Shannon entropy in bits per char of {@code s[from, to)}. */
  public static double entropy(CharSequence s, int from, int to) {
    int[] counts = new int[256];
    int n = 0;
    for (int i = from; i < to; i++) {
      counts[s.charAt(i) & 0xFF]++;
      n++;
    }
    if (n == 0) {
      return 0;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / n;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }
}
