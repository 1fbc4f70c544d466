package dev.mimamori.incidents.notify;

import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Incidents and notifications for the notifier tests. */
final class Fixtures {
  static final Instant FIRST = Instant.parse("2026-11-19T18:00:00Z");
  static final Instant LAST = Instant.parse("2026-11-19T18:05:30Z");

  /** Markup for every channel at once, and a header injection attempt. */
  static final String HOSTILE =
      "<script>alert(1)</script> <!channel> [toall] *bold* \r\nBcc: x@evil.example";

  static final String ACK = "https://mimamori.example.jp/ack/inc-1?t=abc&sig=def";

  private Fixtures() {}

  static Incident incident(String title) {
    return incident(title, Severity.HIGH, IncidentStatus.NEW);
  }

  static Incident incident(String title, Severity severity, IncidentStatus status) {
    return new Incident(
        "inc-1",
        "acme",
        "furusato-shop",
        title,
        status,
        severity,
        3,
        FIRST,
        LAST,
        List.of(),
        Set.of(
            Observable.ip("203.0.113.7"),
            Observable.url("https://evil-cdn.example.com/skim.js"),
            new Observable(Observable.Type.FILE_PATH, "html/user_data/shell.php")));
  }

  static Incident withObservables(int count) {
    Set<Observable> set = new java.util.TreeSet<>();
    for (int k = 0; k < count; k++) {
      set.add(Observable.ip("198.51.100." + (10 + k)));
    }
    return new Incident(
        "inc-1",
        "acme",
        "furusato-shop",
        "Card testing",
        IncidentStatus.NEW,
        Severity.MEDIUM,
        count,
        FIRST,
        LAST,
        List.of(),
        set);
  }

  static Notification english(Incident i) {
    return notification(Notification.Kind.INCIDENT_OPENED, i, Locale.ENGLISH, null, ACK, null);
  }

  static Notification japanese(Incident i) {
    return notification(Notification.Kind.INCIDENT_OPENED, i, Locale.JAPANESE, null, ACK, null);
  }

  static Notification notification(
      Notification.Kind kind,
      Incident i,
      Locale locale,
      @Nullable String recipient,
      @Nullable String ackUrl,
      @Nullable String note) {
    return new Notification("inc-1/3", kind, i, locale, recipient, ackUrl, note);
  }

  static Notification to(String recipient) {
    return notification(
        Notification.Kind.INCIDENT_OPENED,
        incident("Web shell"),
        Locale.ENGLISH,
        recipient,
        null,
        null);
  }
}
