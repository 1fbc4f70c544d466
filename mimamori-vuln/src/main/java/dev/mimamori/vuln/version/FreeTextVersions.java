package dev.mimamori.vuln.version;

import dev.mimamori.vuln.version.Constraint.AllOf;
import dev.mimamori.vuln.version.Constraint.AnyOf;
import dev.mimamori.vuln.version.Constraint.Bound;
import dev.mimamori.vuln.version.Constraint.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the prose that CVE records and JVN write instead of ranges: {@code EC-CUBE 4.0.0 to
 * 4.0.6-p2, ... and EC-CUBE 4.2.0}, {@code 4.0.0 から 4.0.6-p2}, {@code prior to 4.1.2-p5}, {@code
 * 2.4.3 およびそれ以前}. Text it cannot read gives no range rather than a guessed one.
 */
public final class FreeTextVersions {
  private static final String V =
      "(\\d{1,9}(?:\\.\\d{1,9}){1,4}(?:-(?:p|pl|patch|rc|beta|alpha)\\d{0,9})?)";
  private static final Pattern PIECE =
      Pattern.compile(
          V
              + "\\s*(?:to|から|through|〜|～|~|–|-)\\s*(?:EC-CUBE\\s*)?"
              + V
              + "|(?:prior to|before|earlier than|less than)\\s*(?:EC-CUBE\\s*)?"
              + V
              + "|"
              + V
              + "\\s*(?:およびそれ以前|以前|and earlier|or earlier|and prior|or prior)"
              + "|(?:up to|through)\\s*(?:EC-CUBE\\s*)?"
              + V
              + "|"
              + V,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SERIES =
      Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(?:series|系)", Pattern.CASE_INSENSITIVE);
  private static final int MAX_LENGTH = 2000;

  private FreeTextVersions() {}

  /**
   * The versions {@code text} names, or empty when it names none that can be read. {@code
   * productHint} (such as {@code EC-CUBE 4.1 series}) gives the lower end of "prior to X".
   */
  public static Optional<Constraint> parse(String text, String productHint) {
    if (text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Optional<Version> seriesStart = series(productHint).or(() -> series(text));
    List<Constraint> pieces = new ArrayList<>();
    Matcher m = PIECE.matcher(text);
    while (m.find()) {
      try {
        pieces.add(piece(m, seriesStart));
      } catch (InvalidVersionException e) {
        // A number that only looks like a version (a date, a CVSS score): not a range.
      }
    }
    if (pieces.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(pieces.size() == 1 ? pieces.get(0) : new AnyOf(pieces));
  }

  private static Constraint piece(Matcher m, Optional<Version> seriesStart) {
    if (m.group(1) != null) {
      return new AllOf(
          List.of(
              new Bound(Op.GE, Version.parse(m.group(1))),
              new Bound(Op.LE, Version.parse(m.group(2)))));
    }
    if (m.group(3) != null) {
      Bound below = new Bound(Op.LT, Version.parse(m.group(3)));
      return seriesStart
          .<Constraint>map(s -> new AllOf(List.of(new Bound(Op.GE, s), below)))
          .orElse(below);
    }
    if (m.group(4) != null) {
      return new Bound(Op.LE, Version.parse(m.group(4)));
    }
    if (m.group(5) != null) {
      return new Bound(Op.LE, Version.parse(m.group(5)));
    }
    return new Bound(Op.EQ, Version.parse(m.group(6)));
  }

  private static Optional<Version> series(String text) {
    Matcher m = SERIES.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      parts.add(Integer.parseInt(p));
    }
    return Optional.of(Version.lowest(parts));
  }
}
