package dev.mimamori.incidents.notify;

import dev.mimamori.model.Incident;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something a human should hear about. Every field that came from an alert (the incident's title,
 * observables, timeline) is attacker-influenced: a channel escapes it for its own format.
 *
 * @param id stable id of this message: the same message retried keeps it, so it is the idempotency
 *     key for receivers that take one (LINE's retry key, PagerDuty's dedup key is the incident id
 *     instead)
 * @param kind why
 * @param incident the incident as it was when the message was written
 * @param locale the language of the text ({@code ja} or {@code en})
 * @param recipient a channel-specific address that overrides the channel's own (an e-mail address,
 *     a LINE user id, a Chatwork room id), or null for the channel's configured one
 * @param ackUrl a signed, expiring link that acknowledges the incident, when there is one
 * @param note one extra line from mimamori itself (e.g. how many alerts a flood summary covers)
 */
public record Notification(
    String id,
    Kind kind,
    Incident incident,
    Locale locale,
    @Nullable String recipient,
    @Nullable String ackUrl,
    @Nullable String note) {

  public enum Kind {
    /** A new incident. */
    INCIDENT_OPENED,
    /** An incident's severity rose (or its attack chain advanced). */
    INCIDENT_ESCALATED,
    /** An on-call page: a person must acknowledge. */
    PAGE,
    /** A person or an action changed the incident's status. */
    STATUS_CHANGED,
    /** Many alerts in a short time were grouped; one message sums them up. */
    SUMMARY,
    /** A tenant's monthly report (a {@link DocumentMessage}, never a {@code Notification}). */
    REPORT
  }

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(locale, "locale");
  }

  /** A message to a channel's own address, in English, with no link or note. */
  public static Notification of(String id, Kind kind, Incident incident) {
    return new Notification(id, kind, incident, Locale.ENGLISH, null, null, null);
  }

  /** Whether the text should be Japanese. */
  public boolean japanese() {
    return "ja".equals(locale.getLanguage());
  }
}
