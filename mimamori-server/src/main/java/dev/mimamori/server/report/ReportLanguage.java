package dev.mimamori.server.report;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The language of a report, which also sets its time zone: a month is a month where it is read. */
public enum ReportLanguage {
  JA("ja", ZoneId.of("Asia/Tokyo"), Locale.JAPANESE),
  EN("en", ZoneOffset.UTC, Locale.ENGLISH);

  private final String tag;
  private final ZoneId zone;
  private final Locale locale;

  ReportLanguage(String tag, ZoneId zone, Locale locale) {
    this.tag = tag;
    this.zone = zone;
    this.locale = locale;
  }

  public String tag() {
    return tag;
  }

  public ZoneId zone() {
    return zone;
  }

  public Locale locale() {
    return locale;
  }

  /** {@code ja} or {@code en}; anything else is refused. */
  public static ReportLanguage parse(@Nullable String text) {
    if (text != null) {
      for (ReportLanguage l : values()) {
        if (l.tag.equals(text)) {
          return l;
        }
      }
    }
    throw new IllegalArgumentException("lang must be ja or en");
  }
}
