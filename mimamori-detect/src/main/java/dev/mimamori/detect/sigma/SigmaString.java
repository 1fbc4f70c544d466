package dev.mimamori.detect.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigma string value after its escapes are read: literal text, {@code *} (any run of characters),
 * {@code ?} (exactly one character) and, from {@code windash}, one-of-these characters. Immutable;
 * the transformations return new values.
 */
final class SigmaString {
  /** One piece of a value. */
  sealed interface Part permits Lit, Star, One, AnyOf {}

  record Lit(String text) implements Part {}

  record Star() implements Part {}

  record One() implements Part {}

  /** Exactly one of {@code chars}. */
  record AnyOf(String chars) implements Part {}

  static final Star STAR = new Star();
  static final One ONE = new One();

  /** What {@code windash} lets a dash or slash also be: -, /, en dash, em dash, horizontal bar. */
  static final String DASHES = "-/\u2013\u2014\u2015";

  private final List<Part> parts;

  private SigmaString(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  List<Part> parts() {
    return parts;
  }

  /**
   * Reads a value as the specification says: {@code *} and {@code ?} are wildcards; a backslash
   * escapes a wildcard or a backslash and is a plain backslash before anything else (so Windows
   * paths need no doubling).
   */
  static SigmaString parse(String raw) {
    Builder b = new Builder();
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && isSpecial(raw.charAt(i + 1))) {
          b.lit(raw.charAt(++i));
        } else {
          b.lit('\\');
        }
      } else if (c == '*') {
        b.add(STAR);
      } else if (c == '?') {
        b.add(ONE);
      } else {
        b.lit(c);
      }
    }
    return b.build();
  }

  private static boolean isSpecial(char c) {
    return c == '*' || c == '?' || c == '\\';
  }

  /** A value that is all literal text (no wildcards). */
  static SigmaString literal(String text) {
    return new Builder().lit(text).build();
  }

  boolean hasWildcards() {
    for (Part p : parts) {
      if (!(p instanceof Lit)) {
        return true;
      }
    }
    return false;
  }

  /** The literal text of a value without wildcards. */
  String plain() {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Lit l) {
        sb.append(l.text());
      } else {
        throw new IllegalStateException("value has wildcards");
      }
    }
    return sb.toString();
  }

  /** {@code contains}: wildcards on both ends unless already there. */
  SigmaString contains() {
    return startsWithAnything().endsWithAnything();
  }

  /** {@code endswith}: anything may come before. */
  SigmaString startsWithAnything() {
    if (!parts.isEmpty() && parts.get(0) instanceof Star) {
      return this;
    }
    List<Part> p = new ArrayList<>(parts.size() + 1);
    p.add(STAR);
    p.addAll(parts);
    return new SigmaString(p);
  }

  /** {@code startswith}: anything may come after. */
  SigmaString endsWithAnything() {
    if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Star) {
      return this;
    }
    List<Part> p = new ArrayList<>(parts);
    p.add(STAR);
    return new SigmaString(p);
  }

  /** {@code base64}: the UTF-8 bytes, Base64 encoded. */
  SigmaString base64() {
    return literal(Base64.getEncoder().encodeToString(plain().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@code base64offset}: the three forms the value takes inside a longer Base64 text, depending on
   * its offset modulo 3, with the edge characters that depend on the neighbours cut off (as pySigma
   * does).
   */
  List<SigmaString> base64Offsets() {
    byte[] v = plain().getBytes(StandardCharsets.UTF_8);
    int[] start = {0, 2, 3};
    int[] endCut = {0, 3, 2};
    List<SigmaString> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      byte[] shifted = new byte[v.length + i];
      for (int k = 0; k < i; k++) {
        shifted[k] = ' ';
      }
      System.arraycopy(v, 0, shifted, i, v.length);
      String enc = Base64.getEncoder().encodeToString(shifted);
      int end = enc.length() - endCut[(v.length + i) % 3];
      out.add(literal(start[i] < end ? enc.substring(start[i], end) : ""));
    }
    return out;
  }

  /**
   * {@code wide}/{@code utf16le}, {@code utf16be}, {@code utf16}: each character followed (or
   * preceded) by a NUL, as the bytes of the encoding read one byte per character. ASCII only.
   */
  SigmaString utf16(boolean bigEndian, boolean bom) {
    List<Part> p = new ArrayList<>();
    if (bom) {
      p.add(new Lit("\u00ff\u00fe"));
    }
    for (Part part : parts) {
      if (part instanceof Lit l) {
        StringBuilder sb = new StringBuilder(l.text().length() * 2);
        for (int i = 0; i < l.text().length(); i++) {
          char c = l.text().charAt(i);
          if (c > 0x7f) {
            throw new IllegalArgumentException("UTF-16 modifiers take ASCII text only");
          }
          if (bigEndian) {
            sb.append('\0').append(c);
          } else {
            sb.append(c).append('\0');
          }
        }
        p.add(new Lit(sb.toString()));
      } else {
        p.add(part);
      }
    }
    return new SigmaString(p);
  }

  /**
   * {@code windash}: a dash or slash that starts a word-like flag ({@code -x}, {@code /x}, not
   * preceded by a word character, followed by one) may be any of {@link #DASHES}. Matched as a
   * character class instead of spelling out every permutation, which grows as 5^n.
   */
  SigmaString windash() {
    Builder b = new Builder();
    for (Part part : parts) {
      if (!(part instanceof Lit l)) {
        b.add(part);
        continue;
      }
      String t = l.text();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        boolean flag =
            (c == '-' || c == '/')
                && (i == 0 || !Text.isWordChar(t.charAt(i - 1)))
                && i + 1 < t.length()
                && Text.isWordChar(t.charAt(i + 1));
        if (flag) {
          b.add(new AnyOf(DASHES));
        } else {
          b.lit(c);
        }
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Lit l) {
        sb.append(l.text().replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?"));
      } else if (p instanceof Star) {
        sb.append('*');
      } else if (p instanceof One) {
        sb.append('?');
      } else {
        sb.append('[').append(((AnyOf) p).chars()).append(']');
      }
    }
    return sb.toString();
  }

  /** Collects parts, merging adjacent literal text and runs of {@code *}. */
  private static final class Builder {
    private final List<Part> parts = new ArrayList<>();
    private final StringBuilder lit = new StringBuilder();

    Builder lit(char c) {
      lit.append(c);
      return this;
    }

    Builder lit(String s) {
      lit.append(s);
      return this;
    }

    Builder add(Part p) {
      if (p instanceof Lit l) {
        return lit(l.text());
      }
      flush();
      if (p instanceof Star && !parts.isEmpty() && parts.get(parts.size() - 1) instanceof Star) {
        return this;
      }
      parts.add(p);
      return this;
    }

    private void flush() {
      if (lit.length() > 0) {
        parts.add(new Lit(lit.toString()));
        lit.setLength(0);
      }
    }

    SigmaString build() {
      flush();
      return new SigmaString(parts);
    }
  }
}
