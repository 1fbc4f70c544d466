package dev.mimamori.server.api;

import dev.mimamori.incidents.ChainStage;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.server.rules.ReloadResult;
import dev.mimamori.store.IngestKey;
import dev.mimamori.store.Page;
import dev.mimamori.store.RuleExceptionEntry;
import dev.mimamori.store.RuleSetting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The API's JSON shapes, with snake_case names; kept in one place so they stay stable. */
public final class ApiJson {
  /** The tenant of a setting or an exception that applies to every tenant. */
  public static final String ALL_TENANTS = "*";

  private ApiJson() {}

  public static Map<String, Object> incident(Incident i, boolean withTimeline) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("tenant", i.tenant());
    m.put("asset", i.asset());
    m.put("title", i.title());
    m.put("status", i.status().label());
    m.put("severity", i.severity().label());
    m.put("alert_count", i.alertCount());
    m.put("first_seen", i.firstSeen().toString());
    m.put("last_seen", i.lastSeen().toString());
    m.put("chain_stage", i.chainStage());
    m.put("chain_stage_name", ChainStage.ofNumber(i.chainStage()).description());
    m.put("assignee", i.assignee());
    m.put("observables", observables(i.observables()));
    if (withTimeline) {
      List<Map<String, Object>> tl = new ArrayList<>();
      for (TimelineEntry e : i.timeline()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("timestamp", e.timestamp().toString());
        t.put("kind", e.kind());
        t.put("text", e.text());
        t.put("alert_id", e.alertId());
        t.put("actor", e.actor());
        tl.add(t);
      }
      m.put("timeline", tl);
    }
    return m;
  }

  public static Map<String, Object> alert(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("rule_id", a.ruleId());
    m.put("title", a.title());
    m.put("class", a.ruleClass());
    m.put("severity", a.severity().label());
    m.put("tenant", a.tenant());
    m.put("asset", a.asset());
    m.put("timestamp", a.timestamp().toString());
    m.put("source_ip", a.sourceIp());
    m.put("incident_id", a.incidentId());
    List<Map<String, Object>> ev = new ArrayList<>();
    for (EvidenceRef r : a.evidence()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("@timestamp", r.timestamp().toString());
      e.put("log.file.path", r.logFilePath());
      e.put("log.offset", r.logOffset());
      e.put("log.line", r.lineNumber());
      e.put("event.original", r.original());
      ev.add(e);
    }
    m.put("evidence", ev);
    m.put("observables", observables(a.observables()));
    return m;
  }

  /** An ingest key as listed: never the key itself, which is shown once when it is issued. */
  public static Map<String, Object> ingestKey(IngestKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("name", k.name());
    m.put("tenant", k.tenant());
    m.put("asset", k.asset());
    m.put("created_by", k.createdBy());
    m.put("created_at", k.createdAt().toString());
    m.put("last_used_at", k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
    m.put("revoked", k.revoked());
    m.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
    return m;
  }

  /** An exception: {@code value} or {@code cidr} as it was given, and whether it has expired. */
  public static Map<String, Object> ruleException(RuleExceptionEntry e, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("tenant", e.tenant() == null ? ALL_TENANTS : e.tenant());
    m.put("rule_id", e.ruleId());
    m.put("field", e.field());
    m.put("match", e.match());
    m.put("cidr".equals(e.match()) ? "cidr" : "value", e.value());
    m.put("expires_at", e.expiresAt().toString());
    m.put("expired", e.expired(now));
    m.put("reason", e.reason());
    m.put("created_by", e.createdBy());
    m.put("created_at", e.createdAt().toString());
    return m;
  }

  public static Map<String, Object> ruleSetting(RuleSetting s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.ruleId());
    m.put("tenant", s.tenant() == null ? ALL_TENANTS : s.tenant());
    m.put("enabled", s.enabled());
    m.put("updated_by", s.updatedBy());
    m.put("updated_at", s.updatedAt().toString());
    return m;
  }

  public static Map<String, Object> reload(ReloadResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reloaded", r.reloaded());
    m.put("at", r.at().toString());
    m.put("trigger", r.trigger());
    m.put("rules", r.rules());
    m.put("unchanged", r.unchanged());
    m.put("added", r.added());
    m.put("changed", r.changed());
    m.put("removed", r.removed());
    m.put(
        "errors",
        r.errors().stream()
            .map(
                e -> {
                  Map<String, Object> em = new LinkedHashMap<>();
                  em.put("file", e.file());
                  em.put("line", e.line());
                  em.put("reason", e.reason());
                  return em;
                })
            .toList());
    return m;
  }

  public static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> item) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", page.items().stream().map(item).toList());
    m.put("total", page.total());
    m.put("limit", page.limit());
    m.put("offset", page.offset());
    long next = (long) page.offset() + page.items().size();
    m.put("next_offset", next < page.total() ? next : null);
    return m;
  }

  /** A page with the cursor of the next one ({@code next_cursor}, null on the last page). */
  static <T> Map<String, Object> page(
      Page<T> page, Function<T, Map<String, Object>> item, String list) {
    Map<String, Object> m = page(page, item);
    m.put("next_cursor", page.next() == null ? null : PageCursors.encode(list, page.next()));
    return m;
  }

  private static List<Map<String, String>> observables(Set<Observable> obs) {
    return obs.stream().map(o -> Map.of("type", o.type().label(), "value", o.value())).toList();
  }
}
