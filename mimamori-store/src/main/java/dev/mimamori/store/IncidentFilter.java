package dev.mimamori.store;

import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a list of incidents is narrowed to; every part is optional. The caller's {@link TenantScope}
 * still applies: a tenant outside it matches nothing.
 *
 * @param status one status, or null
 * @param openOnly only incidents not resolved and not false positives
 * @param minSeverity this severity or worse
 * @param tenant one tenant
 * @param asset one shop
 * @param text a piece of the title, any case
 * @param observable an observable the incident holds
 * @param since active at or after (last seen)
 * @param until began before (first seen)
 */
public record IncidentFilter(
    @Nullable IncidentStatus status,
    boolean openOnly,
    @Nullable Severity minSeverity,
    @Nullable String tenant,
    @Nullable String asset,
    @Nullable String text,
    @Nullable Observable observable,
    @Nullable Instant since,
    @Nullable Instant until) {
  public static final IncidentFilter ANY =
      new IncidentFilter(null, false, null, null, null, null, null, null, null);

  public static IncidentFilter status(@Nullable IncidentStatus status) {
    return new IncidentFilter(status, false, null, null, null, null, null, null, null);
  }
}
