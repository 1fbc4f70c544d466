package dev.mimamori.cli.eval;

import java.util.Locale;

/** Counts of one data set for one tool. */
public final class Score {
  public long lines;
  public long unparsed;

  /** Attack lines among the unparsed ones (never reported). */
  public long unparsedAttacks;

  public long attacks;
  public long detected;
  public long rightClass;
  public long benign;
  public long falseAlerts;

  /**
   * The same counts over every labelled line, a line mimamori could not parse counting as not
   * reported: how the peer tables compare tools that read different formats.
   */
  public Score overAllLines() {
    Score s = new Score();
    s.lines = lines;
    s.attacks = attacks + unparsedAttacks;
    s.detected = detected;
    s.rightClass = rightClass;
    s.benign = benign + unparsed - unparsedAttacks;
    s.falseAlerts = falseAlerts;
    return s;
  }

  public String recall() {
    return percent(detected, attacks);
  }

  /** False alerts per 10,000 benign lines, or blank without benign lines. */
  public String falsePer10k() {
    return benign == 0 ? "" : String.format(Locale.ROOT, "%.1f", 10_000.0 * falseAlerts / benign);
  }

  /**
   * Detected attack lines among all reported lines, where the set holds both attack and benign
   * lines (elsewhere it would be 100% or undefined by construction).
   */
  public String precision() {
    return attacks == 0 || benign == 0 ? "" : percent(detected, detected + falseAlerts);
  }

  public static String percent(long part, long whole) {
    return whole == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
