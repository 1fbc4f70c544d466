package dev.mimamori.incidents.outbox;

import dev.mimamori.incidents.notify.Notification;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A notification to deliver, written in the same transaction as the incident change it is about, so
 * a crash can lose neither without the other. The dispatcher reads the incident as it is at
 * delivery time (a page for an incident acknowledged meanwhile is dropped, not sent).
 *
 * @param id stable id: the idempotency key the receiver sees on every try
 * @param tenant the customer
 * @param incidentId the incident it is about, or null for a report
 * @param channel the configured channel to send through
 * @param kind why
 * @param locale {@code ja} or {@code en}
 * @param recipient a channel-specific address overriding the channel's own, or null
 * @param ackUrl a signed acknowledgement link, or null
 * @param note one extra line, or null
 * @param dueAt the earliest time to send (later than now for quiet hours)
 * @param reportId the monthly report it carries (kind {@code REPORT}), or null for an incident
 */
public record OutboxMessage(
    String id,
    String tenant,
    @Nullable String incidentId,
    String channel,
    Notification.Kind kind,
    String locale,
    @Nullable String recipient,
    @Nullable String ackUrl,
    @Nullable String note,
    Instant dueAt,
    @Nullable String reportId) {
  public OutboxMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    if ((incidentId == null) == (reportId == null)) {
      throw new IllegalArgumentException("a message is about an incident or a report, not both");
    }
    if ((reportId != null) != (kind == Notification.Kind.REPORT)) {
      throw new IllegalArgumentException("a report travels as kind REPORT, and only a report");
    }
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  /** A message about an incident. */
  public OutboxMessage(
      String id,
      String tenant,
      String incidentId,
      String channel,
      Notification.Kind kind,
      String locale,
      @Nullable String recipient,
      @Nullable String ackUrl,
      @Nullable String note,
      Instant dueAt) {
    this(id, tenant, incidentId, channel, kind, locale, recipient, ackUrl, note, dueAt, null);
  }

  /** A monthly report for one recipient, sent through an e-mail channel. */
  public static OutboxMessage report(
      String id,
      String tenant,
      String reportId,
      String channel,
      String locale,
      String recipient,
      Instant dueAt) {
    return new OutboxMessage(
        id,
        tenant,
        null,
        channel,
        Notification.Kind.REPORT,
        locale,
        recipient,
        null,
        null,
        dueAt,
        reportId);
  }
}
