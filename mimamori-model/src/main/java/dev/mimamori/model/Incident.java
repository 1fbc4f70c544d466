package dev.mimamori.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Alerts that belong to one attack, as a human handles them.
 *
 * @param id unique id
 * @param tenant the customer
 * @param asset the shop
 * @param title what the incident is about
 * @param status open, acknowledged or resolved
 * @param severity the highest severity of its alerts
 * @param alertCount how many alerts it holds
 * @param firstSeen the first alert's time
 * @param lastSeen the latest alert's time
 * @param timeline what happened, oldest first
 * @param observables addresses, URLs, files and hashes involved
 * @param chainStage how far along the web-shop attack chain it got (0: not a chain stage; 1 stored
 *     XSS ... 7 database theft, see {@code ChainStage})
 * @param assignee the user it is assigned to, if any
 */
public record Incident(
    String id,
    String tenant,
    String asset,
    String title,
    IncidentStatus status,
    Severity severity,
    int alertCount,
    Instant firstSeen,
    Instant lastSeen,
    List<TimelineEntry> timeline,
    Set<Observable> observables,
    int chainStage,
    @Nullable String assignee) {

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    timeline = List.copyOf(timeline);
    observables = Collections.unmodifiableSortedSet(new TreeSet<>(observables));
    if (chainStage < 0) {
      throw new IllegalArgumentException("chainStage must not be negative");
    }
  }

  /** An incident outside the attack chain, unassigned. */
  public Incident(
      String id,
      String tenant,
      String asset,
      String title,
      IncidentStatus status,
      Severity severity,
      int alertCount,
      Instant firstSeen,
      Instant lastSeen,
      List<TimelineEntry> timeline,
      Set<Observable> observables) {
    this(
        id,
        tenant,
        asset,
        title,
        status,
        severity,
        alertCount,
        firstSeen,
        lastSeen,
        timeline,
        observables,
        0,
        null);
  }

  /** The same incident with the given timeline. */
  public Incident withTimeline(List<TimelineEntry> entries) {
    return new Incident(
        id,
        tenant,
        asset,
        title,
        status,
        severity,
        alertCount,
        firstSeen,
        lastSeen,
        entries,
        observables,
        chainStage,
        assignee);
  }

  /** The same incident with another status. */
  public Incident withStatus(IncidentStatus next) {
    return new Incident(
        id,
        tenant,
        asset,
        title,
        next,
        severity,
        alertCount,
        firstSeen,
        lastSeen,
        timeline,
        observables,
        chainStage,
        assignee);
  }
}
