package dev.mimamori.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as Composer orders it: up to five numbers, then a stability and its number. Missing
 * numbers are zeros (4.1 equals 4.1.0); {@code 4.0.6-p2 < 4.0.6-p3} and both are newer than {@code
 * 4.0.6}. {@link #text()} keeps what the source wrote and takes no part in equality.
 */
public record Version(List<Integer> release, Stability stability, int number, String text)
    implements Comparable<Version> {
  static final int PARTS = 5;
  private static final int MAX_LENGTH = 64;
  private static final Pattern SYNTAX =
      Pattern.compile(
          "[vV]?(\\d{1,9}(?:\\.\\d{1,9}){0,4})"
              + "(?:[-_.]?(dev|alpha|a|beta|b|rc|stable|patch|pl|p)[-_.]?(\\d{1,9})?)?",
          Pattern.CASE_INSENSITIVE);

  public Version {
    release = List.copyOf(release);
    if (release.isEmpty() || release.size() > PARTS) {
      throw new InvalidVersionException("a version has 1 to " + PARTS + " numbers");
    }
  }

  /** Reads {@code 4.0.6-p2}, {@code v1.2.3}, {@code 4.1-beta3}, {@code 3.0.0-dev}. */
  public static Version parse(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      throw new InvalidVersionException("empty version");
    }
    if (t.length() > MAX_LENGTH) {
      throw new InvalidVersionException("version longer than " + MAX_LENGTH + " characters");
    }
    Matcher m = SYNTAX.matcher(t);
    if (!m.matches()) {
      throw new InvalidVersionException("not a version: " + printable(t));
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      parts.add(Integer.parseInt(p));
    }
    Stability st = m.group(2) == null ? Stability.STABLE : Stability.of(m.group(2));
    int n = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new Version(parts, st, n, t);
  }

  /** The smallest version of a release: {@code 4.1.0-dev}, below every beta and RC of it. */
  static Version lowest(List<Integer> release) {
    return new Version(release, Stability.DEV, 0, join(release) + "-dev");
  }

  int part(int i) {
    return i < release.size() ? release.get(i) : 0;
  }

  /** {@code major.minor}: the branch a patch release belongs to. */
  public String branch() {
    return part(0) + "." + part(1);
  }

  @Override
  public int compareTo(Version o) {
    for (int i = 0; i < PARTS; i++) {
      int c = Integer.compare(part(i), o.part(i));
      if (c != 0) {
        return c;
      }
    }
    int c = stability.compareTo(o.stability);
    return c != 0 ? c : Integer.compare(number, o.number);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int h = stability.hashCode() * 31 + number;
    for (int i = 0; i < PARTS; i++) {
      h = h * 31 + part(i);
    }
    return h;
  }

  @Override
  public String toString() {
    return text;
  }

  static String join(List<Integer> parts) {
    StringBuilder b = new StringBuilder();
    for (int p : parts) {
      if (!b.isEmpty()) {
        b.append('.');
      }
      b.append(p);
    }
    return b.toString();
  }

  /** Error messages quote attacker-supplied text: short and without control characters. */
  static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    StringBuilder b = new StringBuilder();
    cut.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return "\"" + b + "\"";
  }
}
