package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A compiled {@link SigmaString}: the value split at its {@code *} wildcards into segments, each
 * found leftmost in turn. Leftmost is always right for star-separated segments, so there is no
 * backtracking: the work is at most the text length times the longest segment, linear in the text
 * for a given rule. Case-insensitive globs hold lower-cased text and are given lower-cased values.
 */
final class Glob {
  private final boolean anchoredStart;
  private final boolean anchoredEnd;
  private final Segment[] segments;

  private Glob(boolean anchoredStart, boolean anchoredEnd, Segment[] segments) {
    this.anchoredStart = anchoredStart;
    this.anchoredEnd = anchoredEnd;
    this.segments = segments;
  }

  static Glob compile(SigmaString value, boolean cased) {
    List<SigmaString.Part> parts = value.parts();
    boolean start = parts.isEmpty() || !(parts.get(0) instanceof SigmaString.Star);
    boolean end = parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof SigmaString.Star);
    List<Segment> segs = new ArrayList<>();
    SegmentBuilder cur = new SegmentBuilder(cased);
    for (SigmaString.Part p : parts) {
      if (p instanceof SigmaString.Star) {
        if (!cur.isEmpty()) {
          segs.add(cur.build());
          cur = new SegmentBuilder(cased);
        }
      } else {
        cur.add(p);
      }
    }
    if (!cur.isEmpty() || segs.isEmpty() && start && end) {
      segs.add(cur.build());
    }
    return new Glob(start, end, segs.toArray(new Segment[0]));
  }

  boolean matches(String t) {
    int n = t.length();
    if (segments.length == 1 && anchoredStart && anchoredEnd) {
      return segments[0].length == n && segments[0].at(t, 0);
    }
    int pos = 0;
    int end = n;
    int first = 0;
    int last = segments.length;
    if (anchoredStart) {
      Segment s = segments[0];
      if (s.length > n || !s.at(t, 0)) {
        return false;
      }
      pos = s.length;
      first = 1;
    }
    if (anchoredEnd) {
      Segment s = segments[segments.length - 1];
      int at = n - s.length;
      if (at < pos || !s.at(t, at)) {
        return false;
      }
      end = at;
      last = segments.length - 1;
    }
    for (int i = first; i < last; i++) {
      int idx = segments[i].find(t, pos, end);
      if (idx < 0) {
        return false;
      }
      pos = idx + segments[i].length;
    }
    return true;
  }

  /** The longest run of literal characters every match contains (lower-cased if not cased). */
  String longestLiteral() {
    String best = "";
    for (Segment s : segments) {
      String l = s.longestLiteral();
      if (l.length() > best.length()) {
        best = l;
      }
    }
    return best;
  }

  /** Characters between two stars: literal characters, {@code ?} and one-of classes. */
  private static final class Segment {
    final int length;

    /** The segment's text when it is all literal, else null. */
    final @Nullable String literal;

    final char[] chars;

    /** Per position: null for a literal char, "" for any char, else the allowed chars. */
    final @Nullable String[] classes;

    Segment(char[] chars, @Nullable String[] classes, boolean allLiteral) {
      this.length = chars.length;
      this.chars = chars;
      this.classes = classes;
      this.literal = allLiteral ? new String(chars) : null;
    }

    boolean at(String t, int pos) {
      if (literal != null) {
        return t.startsWith(literal, pos);
      }
      for (int i = 0; i < length; i++) {
        char c = t.charAt(pos + i);
        String cls = classes[i];
        if (cls == null) {
          if (c != chars[i]) {
            return false;
          }
        } else if (!cls.isEmpty() && cls.indexOf(c) < 0) {
          return false;
        }
      }
      return true;
    }

    /** Leftmost start in [from, end - length], or -1. */
    int find(String t, int from, int end) {
      if (literal != null) {
        int idx = t.indexOf(literal, from);
        return idx >= 0 && idx + length <= end ? idx : -1;
      }
      for (int i = from; i + length <= end; i++) {
        if (at(t, i)) {
          return i;
        }
      }
      return -1;
    }

    String longestLiteral() {
      if (literal != null) {
        return literal;
      }
      int bestStart = 0;
      int bestLen = 0;
      int runStart = 0;
      for (int i = 0; i <= length; i++) {
        if (i == length || classes[i] != null) {
          if (i - runStart > bestLen) {
            bestStart = runStart;
            bestLen = i - runStart;
          }
          runStart = i + 1;
        }
      }
      return new String(chars, bestStart, bestLen);
    }
  }

  private static final class SegmentBuilder {
    private final boolean cased;
    private final StringBuilder chars = new StringBuilder();
    private final List<@Nullable String> classes = new ArrayList<>();
    private boolean allLiteral = true;

    SegmentBuilder(boolean cased) {
      this.cased = cased;
    }

    boolean isEmpty() {
      return chars.length() == 0;
    }

    void add(SigmaString.Part p) {
      if (p instanceof SigmaString.Lit l) {
        String t = cased ? l.text() : Text.lower(l.text());
        for (int i = 0; i < t.length(); i++) {
          chars.append(t.charAt(i));
          classes.add(null);
        }
      } else if (p instanceof SigmaString.One) {
        chars.append('?');
        classes.add("");
        allLiteral = false;
      } else if (p instanceof SigmaString.AnyOf a) {
        chars.append(a.chars().charAt(0));
        classes.add(cased ? a.chars() : Text.lower(a.chars()));
        allLiteral = false;
      }
    }

    Segment build() {
      char[] c = chars.toString().toCharArray();
      return new Segment(c, classes.toArray(new String[0]), allLiteral);
    }
  }
}
