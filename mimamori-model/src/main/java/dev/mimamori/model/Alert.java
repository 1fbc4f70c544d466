package dev.mimamori.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A rule's verdict on one or more events.
 *
 * @param id unique id
 * @param ruleId the rule that fired
 * @param title what was seen, in words
 * @param ruleClass what kind of attack, e.g. {@code web.xss}, {@code web.webshell}
 * @param severity how urgent
 * @param tenant the customer
 * @param asset the shop
 * @param timestamp when the (last) event happened
 * @param sourceIp the address that did it, when there is one
 * @param evidence the events it is made of
 * @param observables what a responder can act on
 * @param incidentId the incident it was grouped into, once it has been
 */
public record Alert(
    String id,
    String ruleId,
    String title,
    String ruleClass,
    Severity severity,
    String tenant,
    String asset,
    Instant timestamp,
    @Nullable String sourceIp,
    List<EvidenceRef> evidence,
    Set<Observable> observables,
    @Nullable String incidentId) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(ruleClass, "ruleClass");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(timestamp, "timestamp");
    evidence = List.copyOf(evidence);
    observables = Collections.unmodifiableSortedSet(new TreeSet<>(observables));
  }

  public Alert withIncident(String incident) {
    return new Alert(
        id,
        ruleId,
        title,
        ruleClass,
        severity,
        tenant,
        asset,
        timestamp,
        sourceIp,
        evidence,
        observables,
        incident);
  }
}
