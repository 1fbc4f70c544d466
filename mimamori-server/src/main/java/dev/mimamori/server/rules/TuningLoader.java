package dev.mimamori.server.rules;

import dev.mimamori.detect.tuning.ExceptionSpec;
import dev.mimamori.detect.tuning.Tuning;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.store.RuleExceptionEntry;
import dev.mimamori.store.RuleSetting;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compiles the tuning every tenant stored (settings and exceptions) for the detector. */
public final class TuningLoader {
  private static final Logger LOG = LoggerFactory.getLogger(TuningLoader.class);

  private TuningLoader() {}

  /** The tuning of every tenant: the detector serves all of them. */
  public static Tuning load(Store store, Clock clock) {
    Set<String> off = new HashSet<>();
    for (RuleSetting s : store.ruleTuning().defaults()) {
      if (!s.enabled()) {
        off.add(s.ruleId());
      }
    }
    Map<String, Map<String, Boolean>> tenants = new HashMap<>();
    for (RuleSetting s : store.ruleTuning().settings(TenantScope.allTenants())) {
      if (s.tenant() != null) {
        tenants.computeIfAbsent(s.tenant(), t -> new HashMap<>()).put(s.ruleId(), s.enabled());
      }
    }
    List<ExceptionSpec> specs = new ArrayList<>();
    for (RuleExceptionEntry e : store.ruleTuning().exceptions(TenantScope.allTenants())) {
      try {
        specs.add(spec(e));
      } catch (IllegalArgumentException bad) {
        // Written by another version or by hand: skip it, say so, keep the rest working.
        LOG.warn(
            "exception {} not applied: {}",
            e.id(),
            Sanitize.oneLine(String.valueOf(bad.getMessage())));
      }
    }
    return Tuning.compile(off, tenants, specs, clock);
  }

  /** The detector's form of a stored exception (validating it). */
  public static ExceptionSpec spec(RuleExceptionEntry e) {
    return new ExceptionSpec(
        e.id(),
        e.tenant(),
        e.ruleId(),
        e.field(),
        ExceptionSpec.Match.parse(e.match()),
        e.value(),
        e.expiresAt());
  }
}
