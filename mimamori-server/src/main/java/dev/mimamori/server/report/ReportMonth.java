package dev.mimamori.server.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** The month a report covers, as {@code yyyy-MM}, and its bounds in a time zone. */
public record ReportMonth(YearMonth month) {
  private static final Pattern TEXT = Pattern.compile("(20[0-9]{2})-(0[1-9]|1[0-2])");

  /** Parses {@code yyyy-MM} (years 2000 to 2099) and nothing else. */
  public static ReportMonth parse(String text) {
    var m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("the month is yyyy-MM, e.g. 2026-11");
    }
    return new ReportMonth(
        YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }

  /** The first instant of the month in {@code zone}. */
  public Instant start(ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone).toInstant();
  }

  /** The first instant after the month in {@code zone}. */
  public Instant end(ZoneId zone) {
    return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
  }

  @Override
  public String toString() {
    return month.toString();
  }
}
