package dev.mimamori.incidents.notify;

/** A channel that can deliver files (e-mail): reports go only through one of these. */
public interface DocumentChannel {
  /** Sends the message with its attachments; errors are classified as for notifications. */
  void sendDocument(DocumentMessage message) throws NotificationException;
}
