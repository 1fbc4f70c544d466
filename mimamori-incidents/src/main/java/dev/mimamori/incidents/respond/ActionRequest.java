package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.util.Objects;

/**
 * What to act on.
 *
 * @param tenant the customer whose shop is acted on
 * @param incidentId the incident the action is taken for
 * @param target the address, file or URL to act on
 */
public record ActionRequest(String tenant, String incidentId, Observable target) {
  public ActionRequest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(target, "target");
  }
}
