package dev.mimamori.incidents.notify;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A message that carries files, not an incident: a tenant's monthly report. Only channels that are
 * {@link DocumentChannel}s (e-mail) send one.
 *
 * @param id stable id (the outbox message's), sent as {@code X-Mimamori-Notification-Id}
 * @param locale the language of subject and body
 * @param recipient the one address it goes to
 * @param subject one line; control characters are replaced when sent
 * @param body plain text
 * @param attachments the files
 */
public record DocumentMessage(
    String id,
    Locale locale,
    String recipient,
    String subject,
    String body,
    List<Attachment> attachments) {
  public DocumentMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    attachments = List.copyOf(attachments);
    long total = attachments.stream().mapToLong(a -> a.content().length).sum();
    if (total > Attachment.MAX_BYTES) {
      throw new IllegalArgumentException("the attachments are larger than " + Attachment.MAX_BYTES);
    }
  }
}
