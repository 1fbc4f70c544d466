package dev.mimamori.server.api;

import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.IngestKey;
import dev.mimamori.store.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The API's JSON shapes, with snake_case names; kept in one place so they stay stable. */
public final class ApiJson {
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
    m.put("observables", observables(i.observables()));
    if (withTimeline) {
      List<Map<String, Object>> tl = new ArrayList<>();
      for (TimelineEntry e : i.timeline()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("timestamp", e.timestamp().toString());
        t.put("kind", e.kind());
        t.put("text", e.text());
        t.put("alert_id", e.alertId());
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

  private static List<Map<String, String>> observables(Set<Observable> obs) {
    return obs.stream().map(o -> Map.of("type", o.type().label(), "value", o.value())).toList();
  }
}
