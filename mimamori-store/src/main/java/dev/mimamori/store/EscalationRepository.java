package dev.mimamori.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.incidents.oncall.EscalationState;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * On-call escalations: one row per escalated incident with the engine's state. Saving a state and
 * the pages it emitted is one transaction, so after a crash either both are there or neither.
 */
public final class EscalationRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An escalation row: its tenant and state. */
  public record Row(String tenant, EscalationState state) {}

  private final Database db;
  private final Clock clock;

  EscalationRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * New incidents of {@code tenants} ({@code *}: all) at or above {@code min}, opened since {@code
   * since}, that have no escalation yet, oldest first. {@code since} keeps an upgrade or a newly
   * set policy from paging for every old incident nobody closed.
   */
  public List<Incident> unescalated(Severity min, Set<String> tenants, Instant since, int limit) {
    boolean all = tenants.contains("*");
    return db.withHandle(
        Database.SYSTEM,
        h -> {
          var q =
              h.createQuery(
                  "SELECT "
                      + IncidentRepository.INCIDENT_COLUMNS
                      + " FROM incidents i WHERE status = :new"
                      + " AND severity_rank >= :rank AND created_at >= :since"
                      + (all ? "" : " AND tenant_id IN (<tenants>)")
                      + " AND NOT EXISTS (SELECT 1 FROM incident_escalations e"
                      + " WHERE e.incident_id = i.id) ORDER BY created_at LIMIT :limit");
          if (!all) {
            q.bindList("tenants", List.copyOf(tenants));
          }
          return q.bind("new", IncidentStatus.NEW.label())
              .bind("rank", min.ordinal())
              .bind("since", since.toEpochMilli())
              .bind("limit", limit)
              .map((rs, ctx) -> IncidentRepository.incident(rs, List.of()))
              .list();
        });
  }

  /** Escalations not done whose next step is due at {@code now}. */
  public List<Row> due(Instant now, int limit) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT tenant_id, state FROM incident_escalations WHERE done = 0"
                        + " AND next_due <= :now ORDER BY next_due LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new Row(rs.getString("tenant_id"), read(rs.getString("state"))))
                .list());
  }

  /** Escalations not done of these incidents (to re-run at once after a status change). */
  public Optional<Row> find(String incidentId) {
    return db.withHandle(
        Database.SYSTEM,
        h ->
            h.createQuery(
                    "SELECT tenant_id, state FROM incident_escalations WHERE incident_id = :i")
                .bind("i", incidentId)
                .map((rs, ctx) -> new Row(rs.getString("tenant_id"), read(rs.getString("state"))))
                .findOne());
  }

  /** Saves a state with the pages it emitted and their timeline entries, in one transaction. */
  public void save(
      String tenant,
      EscalationState state,
      List<OutboxMessage> pages,
      List<dev.mimamori.model.TimelineEntry> entries) {
    long now = clock.millis();
    db.useTransaction(
        TenantScope.of(tenant),
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE incident_escalations SET state = :s, next_due = :due, done = :done,"
                          + " policy = :p, updated_at = :now WHERE incident_id = :i")
                  .bind("s", write(state))
                  .bind("due", state.nextDue().toEpochMilli())
                  .bind("done", state.done() ? 1 : 0)
                  .bind("p", state.policyName())
                  .bind("now", now)
                  .bind("i", state.incidentId())
                  .execute();
          if (n == 0) {
            h.createUpdate(
                    "INSERT INTO incident_escalations (incident_id, tenant_id, policy, state, next_due,"
                        + " done, updated_at) VALUES (:i, :t, :p, :s, :due, :done, :now)")
                .bind("i", state.incidentId())
                .bind("t", tenant)
                .bind("p", state.policyName())
                .bind("s", write(state))
                .bind("due", state.nextDue().toEpochMilli())
                .bind("done", state.done() ? 1 : 0)
                .bind("now", now)
                .execute();
          }
          OutboxRepository.insert(h, pages, now);
          for (var e : entries) {
            IncidentRepository.appendTimeline(h, tenant, state.incidentId(), e);
          }
        });
  }

  static String write(EscalationState s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("incident_id", s.incidentId());
    o.put("policy", s.policyName());
    o.put("severity", s.severity().label());
    o.put("step", s.step());
    o.put("loop", s.loop());
    o.put("next_due", s.nextDue().toString());
    o.put("pending", s.pending());
    o.put("done", s.done());
    var emitted = o.putArray("emitted");
    s.emitted().forEach(emitted::add);
    return o.toString();
  }

  static EscalationState read(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      Set<String> emitted = new TreeSet<>();
      o.get("emitted").forEach(n -> emitted.add(n.asText()));
      return new EscalationState(
          o.get("incident_id").asText(),
          o.get("policy").asText(),
          Severity.parse(o.get("severity").asText()),
          o.get("step").asInt(),
          o.get("loop").asInt(),
          Instant.parse(o.get("next_due").asText()),
          o.get("pending").asBoolean(),
          o.get("done").asBoolean(),
          emitted);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("corrupt escalation state: " + e.getMessage(), e);
    }
  }
}
