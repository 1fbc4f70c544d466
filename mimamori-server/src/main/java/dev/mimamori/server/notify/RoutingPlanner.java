package dev.mimamori.server.notify;

import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.outbox.NotificationPlanner;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a message for every route that wants an incident change. Ids of messages about an alert
 * derive from the alert's id, which is itself derived from the log line: an alert re-read after a
 * crash writes no second message.
 */
public final class RoutingPlanner implements NotificationPlanner {
  private final List<NotifySettings.Route> routes;
  private final Clock clock;

  public RoutingPlanner(List<NotifySettings.Route> routes, Clock clock) {
    this.routes = List.copyOf(routes);
    this.clock = clock;
  }

  @Override
  public List<OutboxMessage> onCorrelation(Correlation c) {
    if (!c.notable()) {
      return List.of();
    }
    Notification.Kind kind =
        c.created()
            ? Notification.Kind.INCIDENT_OPENED
            : c.escalated() ? Notification.Kind.INCIDENT_ESCALATED : Notification.Kind.SUMMARY;
    String note =
        kind == Notification.Kind.SUMMARY
            ? c.incident().alertCount()
                + " alerts so far / これまでのアラート "
                + c.incident().alertCount()
                + " 件"
            : null;
    return messages(c.incident(), kind, c.alert().id() + "/" + kind.name(), note);
  }

  @Override
  public List<OutboxMessage> onStatusChange(Incident incident, IncidentStatus from, String actor) {
    return messages(
        incident,
        Notification.Kind.STATUS_CHANGED,
        UUID.randomUUID().toString(),
        from.label() + " → " + incident.status().label() + " (" + actor + ")");
  }

  private List<OutboxMessage> messages(
      Incident i, Notification.Kind kind, String idBase, String note) {
    List<OutboxMessage> out = new ArrayList<>();
    for (NotifySettings.Route r : routes) {
      if (r.wants(i.tenant(), i.severity(), kind)) {
        out.add(
            new OutboxMessage(
                idBase + "/" + r.channel(),
                i.tenant(),
                i.id(),
                r.channel(),
                kind,
                r.locale(),
                null,
                null,
                note,
                clock.instant()));
      }
    }
    return out;
  }
}
