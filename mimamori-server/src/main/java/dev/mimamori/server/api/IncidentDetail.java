package dev.mimamori.server.api;

import dev.mimamori.model.Incident;
import dev.mimamori.store.ObservableStat;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/incidents/{id}}: the incident with its {@code status}, {@code timeline} (with
 * authors), {@code observables} (with first/last seen and counts) and its newest {@code alerts}.
 */
final class IncidentDetail {
  static final int ALERTS = 200;
  static final int OBSERVABLES = 500;

  private IncidentDetail() {}

  static Map<String, Object> of(Store store, TenantScope scope, Incident i) {
    Map<String, Object> m = ApiJson.incident(i, true);
    List<ObservableStat> stats = store.incidents().observableStats(scope, i.id(), OBSERVABLES);
    if (!stats.isEmpty()) {
      List<Map<String, Object>> obs = new ArrayList<>();
      for (ObservableStat s : stats) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", s.observable().type().label());
        o.put("value", s.observable().value());
        o.put("first_seen", s.firstSeen().toString());
        o.put("last_seen", s.lastSeen().toString());
        o.put("count", s.count());
        obs.add(o);
      }
      m.put("observables", obs);
    }
    var alerts = store.incidents().alerts(scope, i.id(), ALERTS, 0);
    m.put("alerts", alerts.items().stream().map(ApiJson::alert).toList());
    m.put("alerts_total", alerts.total());
    return m;
  }
}
