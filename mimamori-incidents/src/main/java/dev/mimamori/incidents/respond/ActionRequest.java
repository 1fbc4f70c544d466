package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to act on.
 *
 * @param tenant the customer whose shop is acted on
 * @param incidentId the incident the action is taken for
 * @param target the address, file or URL to act on
 * @param ttl how long the action should stay in place; null keeps it until undone
 * @param dryRun validate and say what would be done, changing nothing
 * @param actor who asked, when known (for actions that run elsewhere and audit it there)
 */
public record ActionRequest(
    String tenant,
    String incidentId,
    Observable target,
    @Nullable Duration ttl,
    boolean dryRun,
    @Nullable String actor) {
  public ActionRequest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(target, "target");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, or null for no expiry");
    }
  }

  public ActionRequest(
      String tenant, String incidentId, Observable target, @Nullable Duration ttl, boolean dryRun) {
    this(tenant, incidentId, target, ttl, dryRun, null);
  }

  /** Until undone, for real. */
  public ActionRequest(String tenant, String incidentId, Observable target) {
    this(tenant, incidentId, target, null, false);
  }

  /** The same request, ending after {@code ttl} (null: until undone). */
  public ActionRequest withTtl(@Nullable Duration ttl) {
    return new ActionRequest(tenant, incidentId, target, ttl, dryRun, actor);
  }

  /** The same request as a dry run. */
  public ActionRequest asDryRun() {
    return new ActionRequest(tenant, incidentId, target, ttl, true, actor);
  }
}
