package dev.mimamori.incidents.oncall;

import java.time.Instant;
import java.util.Objects;

/**
 * What a valid acknowledgement link says: this person may acknowledge this incident until then.
 *
 * @param incidentId the incident to acknowledge
 * @param personId who was paged (and acknowledges)
 * @param expiresAt when the link stops working, to the second
 */
public record AckToken(String incidentId, String personId, Instant expiresAt) {
  public AckToken {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
