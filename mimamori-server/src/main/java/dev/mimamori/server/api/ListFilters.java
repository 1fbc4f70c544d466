package dev.mimamori.server.api;

import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.store.AlertFilter;
import dev.mimamori.store.IncidentFilter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The filters of the incident and alert lists, read from query parameters the same way for the API
 * and the console: {@code status} (a status or {@code open}), {@code severity} (at least), {@code
 * tenant}, {@code asset}, {@code q} (in the title), {@code observable} ({@code type:value}), {@code
 * rule}, {@code source_ip}, {@code since} and {@code until} (an ISO-8601 instant, or a local date
 * and time read in the reader's zone).
 */
public final class ListFilters {
  /** A value longer than this is refused: nothing filtered on is longer. */
  static final int MAX_VALUE = 2000;

  private ListFilters() {}

  /**
   * The incident filter of these parameters.
   *
   * @throws IllegalArgumentException naming the parameter that is not valid
   */
  public static IncidentFilter incidents(Function<String, @Nullable String> param, ZoneId zone) {
    String status = value(param, "status");
    boolean open = "open".equals(status);
    IncidentStatus st;
    try {
      st = status == null || open ? null : IncidentStatus.parse(status);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("status: " + e.getMessage(), e);
    }
    return new IncidentFilter(
        st,
        open,
        severity(param),
        value(param, "tenant"),
        value(param, "asset"),
        value(param, "q"),
        observable(value(param, "observable")),
        instant(param, "since", zone),
        instant(param, "until", zone));
  }

  /**
   * The alert filter of these parameters.
   *
   * @throws IllegalArgumentException naming the parameter that is not valid
   */
  public static AlertFilter alerts(Function<String, @Nullable String> param, ZoneId zone) {
    return new AlertFilter(
        value(param, "incident_id"),
        severity(param),
        value(param, "tenant"),
        value(param, "rule"),
        value(param, "source_ip"),
        value(param, "asset"),
        instant(param, "since", zone),
        instant(param, "until", zone));
  }

  private static @Nullable Severity severity(Function<String, @Nullable String> param) {
    String v = value(param, "severity");
    try {
      return v == null ? null : Severity.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("severity: " + e.getMessage(), e);
    }
  }

  /** An observable as {@code type:value}, e.g. {@code ip:203.0.113.7}. */
  public static @Nullable Observable observable(@Nullable String v) {
    if (v == null) {
      return null;
    }
    int colon = v.indexOf(':');
    // Types hold no colon; the value may (a URL, an IPv6 address).
    try {
      if (colon <= 0 || colon == v.length() - 1) {
        throw new IllegalArgumentException("expected type:value");
      }
      return new Observable(Observable.Type.parse(v.substring(0, colon)), v.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("observable: " + e.getMessage(), e);
    }
  }

  public static @Nullable String value(Function<String, @Nullable String> param, String name) {
    String v = param.apply(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > MAX_VALUE) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_VALUE + " characters");
    }
    return v.strip();
  }

  /** An ISO-8601 instant, or a local date and time ({@code 2026-11-21T10:00}) in {@code zone}. */
  public static @Nullable Instant instant(
      Function<String, @Nullable String> param, String name, ZoneId zone) {
    String v = value(param, name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeException notInstant) {
      try {
        return LocalDateTime.parse(v).atZone(zone).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            name + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z", e);
      }
    }
  }
}
