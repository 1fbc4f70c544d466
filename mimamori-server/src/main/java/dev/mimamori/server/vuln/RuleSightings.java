package dev.mimamori.server.vuln;

import dev.mimamori.store.AlertFilter;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often the exploitation rules a finding links fired in its tenant lately: "vulnerable" and
 * "attacked" side by side. One instance per request; each (tenant, rule) is counted once.
 */
public final class RuleSightings {
  /** How far back an alert counts as a sighting. */
  public static final Duration WINDOW = Duration.ofDays(30);

  private final Store store;
  private final TenantScope scope;
  private final Instant since;
  private final Map<String, Long> memo = new HashMap<>();

  public RuleSightings(Store store, TenantScope scope, Clock clock) {
    this.store = store;
    this.scope = scope;
    this.since = clock.instant().minus(WINDOW);
  }

  /** Alerts per rule in the tenant since {@link #since()}, in the rules' order. */
  public Map<String, Long> of(String tenant, List<String> rules) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String rule : rules) {
      out.put(
          rule,
          memo.computeIfAbsent(
              tenant + "\u0000" + rule,
              k ->
                  store
                      .incidents()
                      .searchAlerts(
                          scope,
                          new AlertFilter(null, null, tenant, rule, null, null, since, null),
                          1,
                          0)
                      .total()));
    }
    return out;
  }

  public Instant since() {
    return since;
  }
}
