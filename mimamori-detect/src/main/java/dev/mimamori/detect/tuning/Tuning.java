package dev.mimamori.detect.tuning;

import dev.mimamori.detect.AlertFilter;
import dev.mimamori.detect.RuleMeta;
import dev.mimamori.detect.sigma.Cidr;
import dev.mimamori.model.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tenants' tuning, compiled: which rules are switched off for whom, and the exceptions indexed
 * by tenant and rule id, networks parsed once. Immutable; a change compiles a new one. Asked only
 * for firings (rare next to events), it costs a few hash lookups each, and reads the clock only
 * when an exception's condition matched.
 *
 * <p>Expiry is wall-clock time (the injected {@link Clock}), not event time: an exception is an
 * operator's promise of when alerting resumes, and a late or replayed event with an old timestamp
 * must not be silenced by an exception that has already ended.
 */
public final class Tuning implements AlertFilter {
  /** The key of the exceptions for every tenant (tenant ids never hold '*'). */
  private static final String ALL = "*";

  private static final Tuning NONE = new Tuning(Set.of(), Map.of(), Map.of(), Clock.systemUTC(), 0);

  private final Set<String> disabledByDefault;
  private final Map<String, Map<String, Boolean>> tenantSettings;

  /** tenant (or ALL) to rule id (or ANY_RULE) to its exceptions. */
  private final Map<String, Map<String, Compiled[]>> exceptions;

  private final Clock clock;
  private final int exceptionCount;

  private Tuning(
      Set<String> disabledByDefault,
      Map<String, Map<String, Boolean>> tenantSettings,
      Map<String, Map<String, Compiled[]>> exceptions,
      Clock clock,
      int exceptionCount) {
    this.disabledByDefault = disabledByDefault;
    this.tenantSettings = tenantSettings;
    this.exceptions = exceptions;
    this.clock = clock;
    this.exceptionCount = exceptionCount;
  }

  /** Every rule on, no exceptions. */
  public static Tuning none() {
    return NONE;
  }

  /**
   * Compiles the tuning.
   *
   * @param disabledByDefault rule ids switched off for every tenant that does not switch them on
   * @param tenantSettings per tenant, rule id to on ({@code true}) or off; a tenant's setting wins
   *     over the default
   * @param exceptions every exception; those expired by {@code clock} are left out
   * @param clock what expiry is measured against
   */
  public static Tuning compile(
      Set<String> disabledByDefault,
      Map<String, Map<String, Boolean>> tenantSettings,
      List<ExceptionSpec> exceptions,
      Clock clock) {
    Map<String, Map<String, Boolean>> settings = new HashMap<>();
    tenantSettings.forEach((t, m) -> settings.put(t, Map.copyOf(m)));
    long now = clock.millis();
    Map<String, Map<String, List<Compiled>>> index = new HashMap<>();
    int n = 0;
    for (ExceptionSpec e : exceptions) {
      if (e.expiresAt().toEpochMilli() <= now) {
        continue;
      }
      index
          .computeIfAbsent(e.tenant() == null ? ALL : e.tenant(), k -> new HashMap<>())
          .computeIfAbsent(e.ruleId(), k -> new ArrayList<>())
          .add(Compiled.of(e));
      n++;
    }
    Map<String, Map<String, Compiled[]>> frozen = new HashMap<>();
    index.forEach(
        (tenant, byRule) -> {
          Map<String, Compiled[]> m = new HashMap<>();
          byRule.forEach((rule, list) -> m.put(rule, list.toArray(new Compiled[0])));
          frozen.put(tenant, m);
        });
    return new Tuning(Set.copyOf(disabledByDefault), settings, frozen, clock, n);
  }

  /** Whether the rule runs for the tenant's events. */
  public boolean enabled(String tenant, String ruleId) {
    Map<String, Boolean> own = tenantSettings.get(tenant);
    Boolean set = own == null ? null : own.get(ruleId);
    return set != null ? set : !disabledByDefault.contains(ruleId);
  }

  /** Whether the rule is on for tenants that did not say otherwise. */
  public boolean enabledByDefault(String ruleId) {
    return !disabledByDefault.contains(ruleId);
  }

  /** Exceptions that had not expired when this was compiled. */
  public int exceptionCount() {
    return exceptionCount;
  }

  @Override
  public Verdict verdict(RuleMeta rule, Event trigger) {
    String tenant = trigger.tenant();
    if (!enabled(tenant, rule.id())) {
      return Verdict.DISABLED;
    }
    if (exceptions.isEmpty()) {
      return Verdict.ALERT;
    }
    return excepted(exceptions.get(tenant), rule.id(), trigger)
            || excepted(exceptions.get(ALL), rule.id(), trigger)
        ? Verdict.EXCEPTED
        : Verdict.ALERT;
  }

  private boolean excepted(@Nullable Map<String, Compiled[]> byRule, String ruleId, Event trigger) {
    if (byRule == null) {
      return false;
    }
    return any(byRule.get(ruleId), trigger) || any(byRule.get(ExceptionSpec.ANY_RULE), trigger);
  }

  private boolean any(Compiled @Nullable [] list, Event trigger) {
    if (list == null) {
      return false;
    }
    for (Compiled c : list) {
      if (c.matches(trigger) && clock.millis() < c.expiresAt()) {
        return true;
      }
    }
    return false;
  }

  /** One exception ready to test: exactly one of {@code equals} and {@code network} is set. */
  private record Compiled(
      String field, @Nullable String equals, @Nullable Cidr network, long expiresAt) {

    static Compiled of(ExceptionSpec e) {
      return e.match() == ExceptionSpec.Match.CIDR
          ? new Compiled(
              e.field(), null, ExceptionSpec.network(e.value()), e.expiresAt().toEpochMilli())
          : new Compiled(e.field(), e.value(), null, e.expiresAt().toEpochMilli());
    }

    boolean matches(Event event) {
      String v = event.field(field);
      if (v == null) {
        return false;
      }
      return network != null ? network.contains(v) : v.equals(equals);
    }
  }
}
