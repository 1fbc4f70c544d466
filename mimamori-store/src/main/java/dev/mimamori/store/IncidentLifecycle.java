package dev.mimamori.store;

import dev.mimamori.incidents.ChainStage;
import dev.mimamori.incidents.Entities;
import dev.mimamori.incidents.outbox.NotificationPlanner;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * What people do to incidents: acknowledge, change status, comment, assign, merge and split. Each
 * change and its timeline entry (with its author) and notifications are one transaction; every
 * method takes the caller's {@link TenantScope} and sees nothing outside it.
 */
public final class IncidentLifecycle {
  /** Why a change was refused; the API turns it into 404 or 409. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean notFound;

    Refused(String message, boolean notFound) {
      super(message);
      this.notFound = notFound;
    }

    public boolean notFound() {
      return notFound;
    }
  }

  /** Most alerts one split moves. */
  public static final int MAX_SPLIT = 10_000;

  private final Store store;
  private final Database db;
  private final Clock clock;
  private final NotificationPlanner planner;

  public IncidentLifecycle(Store store, NotificationPlanner planner, Clock clock) {
    this.store = store;
    this.db = store.database();
    this.clock = clock;
    this.planner = planner;
  }

  /**
   * Acknowledges a new incident, which stops its escalation. Acknowledging one already taken
   * (acknowledged, contained) changes nothing and is not an error: two people pressing at once both
   * succeed. A closed incident cannot be acknowledged.
   */
  public Incident acknowledge(TenantScope scope, String id, String actor) {
    return transition(scope, id, IncidentStatus.ACKNOWLEDGED, actor, null, true);
  }

  /** Moves an incident to {@code next}, with an optional comment; reopening sets it to new. */
  public Incident changeStatus(
      TenantScope scope, String id, IncidentStatus next, String actor, @Nullable String comment) {
    return transition(scope, id, next, actor, comment, false);
  }

  /**
   * The status change as one transaction whose update only applies to the status it read, so two
   * people changing one incident at once cannot both write it (on PostgreSQL's read committed as on
   * SQLite). An acknowledgement is idempotent: of an incident taken already it changes nothing, and
   * of a closed one it is refused.
   */
  private Incident transition(
      TenantScope scope,
      String id,
      IncidentStatus next,
      String actor,
      @Nullable String comment,
      boolean acknowledgement) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = clock.instant();
      boolean applied =
          db.inTransaction(
              scope,
              h -> {
                Incident i = lockedIncident(h, scope, id);
                if (acknowledgement && i.status().isClosed()) {
                  throw new Refused("the incident is " + i.status().label() + " already", false);
                }
                if (acknowledgement && i.status().isAcknowledged()) {
                  return true;
                }
                if (i.status() == next) {
                  throw new Refused("the incident is " + next.label() + " already", false);
                }
                int n =
                    h.createUpdate(
                            "UPDATE incidents SET status = :st, updated_at = :now"
                                + " WHERE id = :id AND tenant_id = :t AND status = :seen")
                        .bind("st", next.label())
                        .bind("now", now.toEpochMilli())
                        .bind("id", id)
                        .bind("t", i.tenant())
                        .bind("seen", i.status().label())
                        .execute();
                if (n == 0) {
                  return false; // changed under us: read again
                }
                String text = "status " + i.status().label() + " → " + next.label();
                if (comment != null && !comment.isBlank()) {
                  text += ": " + clip(comment);
                }
                IncidentRepository.appendTimeline(
                    h, i.tenant(), id, new TimelineEntry(now, "status", text, null, actor));
                OutboxRepository.insert(
                    h,
                    planner.onStatusChange(i.withStatus(next), i.status(), actor),
                    now.toEpochMilli());
                return true;
              });
      if (applied) {
        return require(scope, id);
      }
    }
    throw new Refused("the incident is being changed by someone else; try again", false);
  }

  public Incident comment(TenantScope scope, String id, String actor, String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a comment needs text");
    }
    Instant now = clock.instant();
    db.useTransaction(
        scope,
        h -> {
          Incident i = lockedIncident(h, scope, id);
          IncidentRepository.appendTimeline(
              h, i.tenant(), id, new TimelineEntry(now, "comment", clip(text), null, actor));
        });
    return require(scope, id);
  }

  /** Assigns the incident to a user name, or unassigns it with null. */
  public Incident assign(TenantScope scope, String id, String actor, @Nullable String assignee) {
    Instant now = clock.instant();
    db.useTransaction(
        scope,
        h -> {
          Incident i = lockedIncident(h, scope, id);
          h.createUpdate(
                  "UPDATE incidents SET assignee = :a, updated_at = :now WHERE id = :id AND tenant_id = :t")
              .bind("a", assignee)
              .bind("now", now.toEpochMilli())
              .bind("id", id)
              .bind("t", i.tenant())
              .execute();
          String text = assignee == null ? "unassigned" : "assigned to " + assignee;
          IncidentRepository.appendTimeline(
              h, i.tenant(), id, new TimelineEntry(now, "assign", text, null, actor));
        });
    return require(scope, id);
  }

  /** A timeline entry for an action taken (a block, a quarantine), by a person or a rule. */
  public void recordAction(TenantScope scope, String id, @Nullable String actor, String text) {
    Instant now = clock.instant();
    db.useTransaction(
        scope,
        h -> {
          Incident i = lockedIncident(h, scope, id);
          IncidentRepository.appendTimeline(
              h, i.tenant(), id, new TimelineEntry(now, "action", clip(text), null, actor));
        });
  }

  /**
   * Moves every alert of {@code sources} into {@code target}; the sources are resolved with a
   * pointer to it. All must be of one tenant and shop.
   */
  public Incident merge(
      TenantScope scope, String target, Collection<String> sources, String actor) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("say which incidents to merge into this one");
    }
    Instant now = clock.instant();
    db.useTransaction(
        scope,
        h -> {
          Incident into = lockedIncident(h, scope, target);
          for (String sourceId : new LinkedHashSet<>(sources)) {
            if (sourceId.equals(target)) {
              throw new Refused("an incident cannot be merged into itself", false);
            }
            Incident from = lockedIncident(h, scope, sourceId);
            if (!from.tenant().equals(into.tenant())) {
              throw new Refused("incidents of different tenants cannot be merged", false);
            }
            if (!from.asset().equals(into.asset())) {
              throw new Refused("incidents of different shops cannot be merged", false);
            }
            h.createUpdate("UPDATE alerts SET incident_id = :to WHERE incident_id = :from")
                .bind("to", target)
                .bind("from", sourceId)
                .execute();
            h.createUpdate("DELETE FROM incident_entities WHERE incident_id = :from")
                .bind("from", sourceId)
                .execute();
            h.createUpdate(
                    "UPDATE incidents SET status = :st, merged_into = :to, alert_count = 0,"
                        + " entity_count = 0, updated_at = :now WHERE id = :from")
                .bind("st", IncidentStatus.RESOLVED.label())
                .bind("to", target)
                .bind("now", now.toEpochMilli())
                .bind("from", sourceId)
                .execute();
            rebuildObservables(h, from, List.of());
            IncidentRepository.appendTimeline(
                h,
                from.tenant(),
                sourceId,
                new TimelineEntry(now, "merge", "merged into " + target, null, actor));
            IncidentRepository.appendTimeline(
                h,
                into.tenant(),
                target,
                new TimelineEntry(
                    now,
                    "merge",
                    "merged " + sourceId + " (" + from.alertCount() + " alerts)",
                    null,
                    actor));
          }
          recompute(h, into, now);
        });
    return require(scope, target);
  }

  /** Moves the given alerts of an incident into a new incident, and returns the new one. */
  public Incident split(TenantScope scope, String id, Collection<String> alertIds, String actor) {
    if (alertIds.isEmpty() || alertIds.size() > MAX_SPLIT) {
      throw new IllegalArgumentException("say which alerts (1 to " + MAX_SPLIT + ") to split off");
    }
    Instant now = clock.instant();
    String newId = UUID.randomUUID().toString();
    db.useTransaction(
        scope,
        h -> {
          Incident from = lockedIncident(h, scope, id);
          List<String> ids = List.copyOf(new LinkedHashSet<>(alertIds));
          int inIncident =
              h.createQuery("SELECT COUNT(*) FROM alerts WHERE incident_id = :i AND id IN (<ids>)")
                  .bind("i", id)
                  .bindList("ids", ids)
                  .mapTo(Integer.class)
                  .one();
          if (inIncident != ids.size()) {
            throw new Refused("some of those alerts are not in incident " + id, false);
          }
          if (inIncident == from.alertCount()) {
            throw new Refused("splitting off every alert would leave the incident empty", false);
          }
          h.createUpdate(
                  "INSERT INTO incidents (id, tenant_id, asset, title, status, severity, severity_rank,"
                      + " alert_count, first_seen, last_seen, correlation_key, observables, chain_stage,"
                      + " entity_count, created_at, updated_at) VALUES (:id, :t, :asset, :title, :st,"
                      + " :sev, :rank, 0, :first, :last, :key, '[]', 0, 0, :now, :now)")
              .bind("id", newId)
              .bind("t", from.tenant())
              .bind("asset", from.asset())
              .bind("title", "Split from " + from.title())
              .bind("st", IncidentStatus.NEW.label())
              .bind("sev", from.severity().label())
              .bind("rank", from.severity().ordinal())
              .bind("first", from.firstSeen().toEpochMilli())
              .bind("last", from.lastSeen().toEpochMilli())
              .bind("key", "asset:" + from.asset())
              .bind("now", now.toEpochMilli())
              .execute();
          h.createUpdate(
                  "UPDATE alerts SET incident_id = :to WHERE incident_id = :i AND id IN (<ids>)")
              .bind("to", newId)
              .bind("i", id)
              .bindList("ids", ids)
              .execute();
          Incident created = lockedIncident(h, scope, newId);
          recompute(h, from, now);
          recompute(h, created, now);
          IncidentRepository.appendTimeline(
              h,
              from.tenant(),
              id,
              new TimelineEntry(
                  now, "split", ids.size() + " alerts split off into " + newId, null, actor));
          IncidentRepository.appendTimeline(
              h,
              from.tenant(),
              newId,
              new TimelineEntry(
                  now,
                  "split",
                  "split off " + id + " with " + ids.size() + " alerts",
                  null,
                  actor));
        });
    return require(scope, newId);
  }

  private Incident require(TenantScope scope, String id) {
    return store
        .incidents()
        .get(scope, id)
        .orElseThrow(() -> new Refused("no such incident", true));
  }

  /** The incident, read inside the transaction; the write that follows serializes with others. */
  private static Incident lockedIncident(Handle h, TenantScope scope, String id) {
    Optional<Incident> i =
        ScopeSql.bind(
                h.createQuery(
                    "SELECT "
                        + IncidentRepository.INCIDENT_COLUMNS
                        + " FROM incidents WHERE id = :id AND "
                        + ScopeSql.clause(scope, "tenant_id")),
                scope)
            .bind("id", id)
            .map((rs, ctx) -> IncidentRepository.incident(rs, List.of()))
            .findOne();
    return i.orElseThrow(() -> new Refused("no such incident", true));
  }

  /**
   * Recounts an incident from the alerts it now holds (after a merge or a split), the way the
   * correlator would have built it: the highest severity, raised one step each time the attack
   * chain advanced after a first stage, the furthest stage, the observables and the entities.
   */
  private static void recompute(Handle h, Incident i, Instant now) {
    List<Alert> alerts =
        h.createQuery(
                "SELECT id, rule_id, severity, ts, source_ip, observables, rule_class FROM alerts"
                    + " WHERE incident_id = :i ORDER BY ts, id")
            .bind("i", i.id())
            .map(
                (rs, ctx) ->
                    new Alert(
                        rs.getString("id"),
                        rs.getString("rule_id"),
                        "x",
                        rs.getString("rule_class"),
                        Severity.parse(rs.getString("severity")),
                        i.tenant(),
                        i.asset(),
                        Instant.ofEpochMilli(rs.getLong("ts")),
                        rs.getString("source_ip"),
                        List.of(),
                        Json.observables(rs.getString("observables")),
                        null))
            .list();
    if (alerts.isEmpty()) {
      return;
    }
    Severity sev = alerts.get(0).severity();
    Instant first = alerts.get(0).timestamp();
    Instant last = first;
    int stage = 0;
    Set<Observable> obs = new TreeSet<>();
    Set<String> entities = new LinkedHashSet<>();
    for (Alert a : alerts) {
      Severity before = sev;
      sev = sev.max(a.severity());
      int s = ChainStage.of(a.ruleClass()).number();
      if (s > stage && stage > 0) {
        sev = sev.max(before.raised());
      }
      stage = Math.max(stage, s);
      first = a.timestamp().isBefore(first) ? a.timestamp() : first;
      last = a.timestamp().isAfter(last) ? a.timestamp() : last;
      for (Observable o : a.observables()) {
        if (obs.size() < 500) {
          obs.add(o);
        }
      }
      for (String e : Entities.of(a)) {
        if (entities.size() < IncidentRepository.MAX_ENTITIES) {
          entities.add(e);
        }
      }
    }
    h.createUpdate("DELETE FROM incident_entities WHERE incident_id = :i")
        .bind("i", i.id())
        .execute();
    for (String e : entities) {
      h.createUpdate(
              "INSERT INTO incident_entities (incident_id, tenant_id, asset, entity)"
                  + " VALUES (:i, :t, :a, :e)")
          .bind("i", i.id())
          .bind("t", i.tenant())
          .bind("a", i.asset())
          .bind("e", e.length() > 2000 ? e.substring(0, 2000) : e)
          .execute();
    }
    h.createUpdate(
            "UPDATE incidents SET severity = :sev, severity_rank = :rank, alert_count = :n,"
                + " first_seen = :first, last_seen = :last, chain_stage = :stage, observables = :obs,"
                + " entity_count = :ec, updated_at = :now WHERE id = :id")
        .bind("sev", sev.label())
        .bind("rank", sev.ordinal())
        .bind("n", alerts.size())
        .bind("first", first.toEpochMilli())
        .bind("last", last.toEpochMilli())
        .bind("stage", stage)
        .bind("obs", Json.observables(obs))
        .bind("ec", entities.size())
        .bind("now", now.toEpochMilli())
        .bind("id", i.id())
        .execute();
    rebuildObservables(h, i, alerts);
  }

  private static void rebuildObservables(Handle h, Incident i, List<Alert> alerts) {
    h.createUpdate("DELETE FROM incident_observables WHERE incident_id = :i")
        .bind("i", i.id())
        .execute();
    java.util.Map<Observable, long[]> stats = new java.util.TreeMap<>();
    for (Alert a : alerts) {
      for (Observable o : a.observables()) {
        long ts = a.timestamp().toEpochMilli();
        long[] s = stats.get(o);
        if (s == null) {
          if (stats.size() >= 500) {
            continue;
          }
          stats.put(o, new long[] {ts, ts, 1});
        } else {
          s[0] = Math.min(s[0], ts);
          s[1] = Math.max(s[1], ts);
          s[2]++;
        }
      }
    }
    List<Object[]> rows = new ArrayList<>();
    stats.forEach((o, s) -> rows.add(new Object[] {o, s}));
    for (Object[] r : rows) {
      Observable o = (Observable) r[0];
      long[] s = (long[]) r[1];
      h.createUpdate(
              "INSERT INTO incident_observables (incident_id, tenant_id, type, value, first_seen,"
                  + " last_seen, seen_count) VALUES (:i, :t, :type, :v, :f, :l, :n)")
          .bind("i", i.id())
          .bind("t", i.tenant())
          .bind("type", o.type().label())
          .bind("v", o.value())
          .bind("f", s[0])
          .bind("l", s[1])
          .bind("n", s[2])
          .execute();
    }
  }

  private static String clip(String s) {
    return s.length() > 4000 ? s.substring(0, 4000) : s;
  }
}
