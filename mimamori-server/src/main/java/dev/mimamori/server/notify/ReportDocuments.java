package dev.mimamori.server.notify;

import dev.mimamori.incidents.notify.DocumentMessage;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.outbox.OutboxMessage;

/**
 * Makes the e-mail of a report message in the outbox (the report is rendered when it is sent, so a
 * retry sends the same month again). The report package implements it.
 */
@FunctionalInterface
public interface ReportDocuments {
  /** A server without reports: a report message is a dead letter. */
  ReportDocuments NONE =
      m -> {
        throw new NotificationException("reports are not set up on this server", false);
      };

  DocumentMessage document(OutboxMessage message) throws NotificationException;
}
