package dev.mimamori.sensors.parse.nginxjson;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * The times nginx writes: {@code $time_local}, {@code $time_iso8601} and {@code $msec}.
 *
 * @param instant the moment, in UTC
 * @param offset the zone offset as written ({@code +09:00}), or null when the text has none
 */
record LogTime(Instant instant, @Nullable String offset) {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** {@code 2026-11-20T03:12:00+09:00}, with optional fraction; {@code Z} reads as +00:00. */
  static LogTime iso(String t) {
    if (t.length() > 40) {
      throw new DateTimeException("too long");
    }
    OffsetDateTime odt = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String id = odt.getOffset().getId();
    return new LogTime(odt.toInstant(), "Z".equals(id) ? "+00:00" : id);
  }

  /** {@code 10/Oct/2000:13:55:36 -0700}, without a formatter: this runs for every line. */
  static LogTime clf(String t) {
    if (t.length() != 26 || t.charAt(2) != '/' || t.charAt(6) != '/' || t.charAt(11) != ':') {
      throw new DateTimeException("shape");
    }
    int month = 0;
    for (int i = 0; i < 12; i++) {
      if (t.startsWith(MONTHS[i], 3)) {
        month = i + 1;
      }
    }
    char sign = t.charAt(21);
    if (month == 0 || t.charAt(20) != ' ' || (sign != '+' && sign != '-')) {
      throw new DateTimeException("month or zone");
    }
    int oh = (int) digits(t, 22, 24);
    int om = (int) digits(t, 24, 26);
    if (oh > 18 || om > 59) {
      throw new DateTimeException("zone");
    }
    int total = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    Instant at =
        LocalDateTime.of(
                (int) digits(t, 7, 11),
                month,
                (int) digits(t, 0, 2),
                (int) digits(t, 12, 14),
                (int) digits(t, 15, 17),
                (int) digits(t, 18, 20))
            .toInstant(ZoneOffset.ofTotalSeconds(total));
    return new LogTime(at, t.substring(21, 24) + ":" + t.substring(24, 26));
  }

  /** {@code 1763575920.123}: seconds since the epoch with a fraction, and no zone. */
  static LogTime epoch(String t) {
    int dot = t.indexOf('.');
    String whole = dot < 0 ? t : t.substring(0, dot);
    String frac = dot < 0 ? "" : t.substring(dot + 1);
    if (whole.isEmpty()
        || whole.length() > 11
        || frac.length() > 9
        || (dot >= 0 && frac.isEmpty())) {
      throw new DateTimeException("shape");
    }
    long nanos = frac.isEmpty() ? 0 : digits(frac, 0, frac.length());
    for (int i = frac.length(); i < 9; i++) {
      nanos *= 10;
    }
    return new LogTime(Instant.ofEpochSecond(digits(whole, 0, whole.length()), nanos), null);
  }

  /** The ASCII digits {@code t[from, to)} (at most 18) as a number; anything else is an error. */
  private static long digits(String t, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException("not a digit");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
