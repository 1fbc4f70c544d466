package dev.mimamori.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What people do to incidents through the API: acknowledge ({@code POST
 * /api/v1/incidents/{id}/ack}, which stops the escalation), change status, comment, assign, merge
 * and split; and the notification outbox (the dead-letter list, and sending a dead letter again).
 * Changes need the operator or admin role; every change lands on the incident's timeline with its
 * author.
 */
public final class IncidentRoutes {
  private static final Set<String> OUTBOX_STATES =
      Set.of(
          OutboxRepository.PENDING,
          OutboxRepository.SENDING,
          OutboxRepository.SENT,
          OutboxRepository.DEAD,
          OutboxRepository.DROPPED);

  private final ApiRoutes api;
  private final Store store;
  private final IncidentLifecycle lifecycle;
  private final Runnable statusChanged;

  /**
   * @param statusChanged told after every status change (the escalation ticker runs at once, so an
   *     acknowledgement stops pages without waiting for its next tick)
   */
  public IncidentRoutes(
      ApiRoutes api, Store store, IncidentLifecycle lifecycle, Runnable statusChanged) {
    this.api = api;
    this.store = store;
    this.lifecycle = lifecycle;
    this.statusChanged = statusChanged;
  }

  public void register(Javalin app) {
    String p = ApiRoutes.PREFIX + "/incidents/{id}";
    app.post(p + "/ack", this::acknowledge);
    app.post(p + "/status", this::changeStatus);
    app.post(p + "/comments", this::comment);
    app.put(p + "/assignee", this::assign);
    app.post(p + "/merge", this::merge);
    app.post(p + "/split", this::split);
    app.get(ApiRoutes.PREFIX + "/notifications", this::listNotifications);
    app.post(ApiRoutes.PREFIX + "/notifications/{id}/retry", this::retryNotification);
  }

  private static User responder(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!u.canRespond()) {
      throw new ApiError(403, "only an analyst or an admin works incidents");
    }
    return u;
  }

  /** Customers may acknowledge and comment on their own tenant's incidents. */
  private static User acknowledger(Context ctx) {
    User u = ApiRoutes.user(ctx);
    if (!u.canAcknowledge()) {
      throw new ApiError(403, "a viewer reads only");
    }
    return u;
  }

  private void acknowledge(Context ctx) {
    User u = acknowledger(ctx);
    ctx.json(
        detail(
            () -> lifecycle.acknowledge(u.scope(), ctx.pathParam("id"), u.username()),
            u,
            ctx.pathParam("id")));
    statusChanged.run();
  }

  private void changeStatus(Context ctx) {
    User u = responder(ctx);
    JsonNode body = api.readJson(ctx);
    IncidentStatus next;
    try {
      next = IncidentStatus.parse(ApiRoutes.text(body, "status"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    String comment = ApiRoutes.optionalText(body, "comment");
    ctx.json(
        detail(
            () ->
                lifecycle.changeStatus(u.scope(), ctx.pathParam("id"), next, u.username(), comment),
            u,
            ctx.pathParam("id")));
    statusChanged.run();
  }

  private void comment(Context ctx) {
    User u = acknowledger(ctx);
    String text = ApiRoutes.text(api.readJson(ctx), "text");
    ctx.status(201)
        .json(
            detail(
                () -> lifecycle.comment(u.scope(), ctx.pathParam("id"), u.username(), text),
                u,
                ctx.pathParam("id")));
  }

  private void assign(Context ctx) {
    User u = responder(ctx);
    String assignee = ApiRoutes.optionalText(api.readJson(ctx), "assignee");
    ctx.json(
        detail(
            () -> lifecycle.assign(u.scope(), ctx.pathParam("id"), u.username(), assignee),
            u,
            ctx.pathParam("id")));
  }

  private void merge(Context ctx) {
    User u = responder(ctx);
    List<String> sources = ids(api.readJson(ctx), "incidents", 100);
    ctx.json(
        detail(
            () -> lifecycle.merge(u.scope(), ctx.pathParam("id"), sources, u.username()),
            u,
            ctx.pathParam("id")));
  }

  private void split(Context ctx) {
    User u = responder(ctx);
    List<String> alerts = ids(api.readJson(ctx), "alerts", IncidentLifecycle.MAX_SPLIT);
    var created = run(() -> lifecycle.split(u.scope(), ctx.pathParam("id"), alerts, u.username()));
    ctx.status(201).json(IncidentDetail.of(store, u.scope(), created));
  }

  private void listNotifications(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String status = ctx.queryParam("status");
    String st = status == null || status.isBlank() ? OutboxRepository.DEAD : status.trim();
    if (!OUTBOX_STATES.contains(st)) {
      throw new ApiError(400, "status must be one of " + new java.util.TreeSet<>(OUTBOX_STATES));
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (var e : store.outbox().list(u.scope(), st, 200)) {
      items.add(notification(e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("total", items.size());
    ctx.json(out);
  }

  private void retryNotification(Context ctx) {
    User u = responder(ctx);
    String id = ctx.pathParam("id");
    if (!store.outbox().requeue(u.scope(), id)) {
      throw store.outbox().find(u.scope(), id).isPresent()
          ? new ApiError(409, "only a dead letter can be sent again")
          : new ApiError(404, "no such notification");
    }
    ctx.json(notification(store.outbox().find(u.scope(), id).orElseThrow()));
  }

  static Map<String, Object> notification(OutboxRepository.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.message().id());
    m.put("tenant", e.message().tenant());
    m.put("incident_id", e.message().incidentId());
    m.put("channel", e.message().channel());
    m.put("kind", e.message().kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("locale", e.message().locale());
    m.put("recipient", e.message().recipient());
    m.put("status", e.status());
    m.put("attempts", e.attempts());
    m.put("next_attempt_at", e.nextAttemptAt().toString());
    m.put("last_error", e.lastError());
    m.put("created_at", e.createdAt().toString());
    m.put("sent_at", e.sentAt() == null ? null : e.sentAt().toString());
    return m;
  }

  private Map<String, Object> detail(
      Supplier<dev.mimamori.model.Incident> change, User u, String id) {
    return IncidentDetail.of(store, u.scope(), run(change));
  }

  private static <T> T run(Supplier<T> change) {
    try {
      return change.get();
    } catch (IncidentLifecycle.Refused e) {
      throw new ApiError(e.notFound() ? 404 : 409, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private static List<String> ids(JsonNode body, String field, int max) {
    JsonNode v = body.get(field);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw new ApiError(400, "'" + field + "' must be a non-empty array of ids");
    }
    if (v.size() > max) {
      throw new ApiError(400, "'" + field + "' holds at most " + max + " ids");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : v) {
      if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > 200) {
        throw new ApiError(400, "'" + field + "' must hold ids as strings");
      }
      out.add(n.asText());
    }
    return out;
  }
}
