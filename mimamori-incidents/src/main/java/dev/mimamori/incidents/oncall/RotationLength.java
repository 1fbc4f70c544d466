package dev.mimamori.incidents.oncall;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each participant of a layer is on call: N hours, N days or N weeks. Lengths are counted
 * in wall-clock time of the schedule's zone, so a daily handoff at 09:00 stays at 09:00 across a
 * daylight-saving change (that day's shift is 23 or 25 hours long).
 *
 * @param amount how many units, 1 to 1000
 * @param unit {@link ChronoUnit#HOURS}, {@link ChronoUnit#DAYS} or {@link ChronoUnit#WEEKS}
 */
public record RotationLength(int amount, ChronoUnit unit) {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,4})\\s*([hdw])");

  public RotationLength {
    Objects.requireNonNull(unit, "unit");
    if (unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS && unit != ChronoUnit.WEEKS) {
      throw new IllegalArgumentException("rotation unit must be hours, days or weeks, not " + unit);
    }
    if (amount < 1 || amount > 1000) {
      throw new IllegalArgumentException("rotation length must be 1 to 1000, not " + amount);
    }
  }

  public static RotationLength daily() {
    return new RotationLength(1, ChronoUnit.DAYS);
  }

  public static RotationLength weekly() {
    return new RotationLength(1, ChronoUnit.WEEKS);
  }

  public static RotationLength hours(int n) {
    return new RotationLength(n, ChronoUnit.HOURS);
  }

  /**
   * Parses {@code daily}, {@code weekly}, or a count and a unit: {@code 12h}, {@code 2d}, {@code
   * 2w}.
   */
  public static RotationLength parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("daily")) {
      return daily();
    }
    if (t.equals("weekly")) {
      return weekly();
    }
    Matcher m = TEXT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "rotation '"
              + Names.shown(text)
              + "' is not daily, weekly or a count with h, d or w (12h, 2d, 2w)");
    }
    ChronoUnit unit =
        switch (m.group(2)) {
          case "h" -> ChronoUnit.HOURS;
          case "d" -> ChronoUnit.DAYS;
          default -> ChronoUnit.WEEKS;
        };
    return new RotationLength(Integer.parseInt(m.group(1)), unit);
  }

  /** The wall-clock time of handoff {@code k} (0 is {@code start}; negative is before it). */
  LocalDateTime handoff(LocalDateTime start, long k) {
    return start.plus(Math.multiplyExact(k, (long) amount), unit);
  }

  /** About which handoff {@code t} follows; the caller corrects it by one or two. */
  long approximateIndex(LocalDateTime start, LocalDateTime t) {
    return Math.floorDiv(unit.between(start, t), (long) amount);
  }

  @Override
  public String toString() {
    if (amount == 1 && unit == ChronoUnit.DAYS) {
      return "daily";
    }
    if (amount == 1 && unit == ChronoUnit.WEEKS) {
      return "weekly";
    }
    return amount
        + switch (unit) {
          case HOURS -> "h";
          case DAYS -> "d";
          default -> "w";
        };
  }
}
