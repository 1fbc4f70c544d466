package dev.mimamori.store;

import dev.mimamori.model.Severity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a list of alerts is narrowed to; every part is optional, and the caller's {@link
 * TenantScope} still applies.
 *
 * @param incidentId the alerts of one incident
 * @param minSeverity this severity or worse
 * @param tenant one tenant
 * @param ruleId one rule
 * @param sourceIp one source address
 * @param asset one shop
 * @param since at or after
 * @param until before
 */
public record AlertFilter(
    @Nullable String incidentId,
    @Nullable Severity minSeverity,
    @Nullable String tenant,
    @Nullable String ruleId,
    @Nullable String sourceIp,
    @Nullable String asset,
    @Nullable Instant since,
    @Nullable Instant until) {
  public static final AlertFilter ANY =
      new AlertFilter(null, null, null, null, null, null, null, null);

  public static AlertFilter ofIncident(@Nullable String incidentId) {
    return new AlertFilter(incidentId, null, null, null, null, null, null, null);
  }
}
