package dev.mimamori.incidents;

import dev.mimamori.incidents.outbox.NotificationPlanner;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Incident;
import dev.mimamori.model.IncidentStatus;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Groups alerts into one incident per attack on a shop. An alert joins the open incident on the
 * same tenant and asset that shares an entity with it (source address or its network, account,
 * file, script host, URL path, hash, or the rule itself — see {@link Entities}) and was active
 * within {@code window}; or, when the alert is a stage of the web-shop attack chain ({@link
 * ChainStage}), the shop's open chain incident active within {@code chainWindow}, whatever the
 * address: in the EC-CUBE case the admin's own browser did the attacker's work. A chain that
 * reaches a new stage raises the incident's severity one step. Not thread-safe: one correlator per
 * pipeline.
 */
public final class IncidentCorrelator {
  /** Cap so that a flood of alerts cannot grow one incident's observables without bound. */
  static final int MAX_OBSERVABLES = 500;

  /** The default for how long apart two stages of one attack chain may be. */
  public static final Duration DEFAULT_CHAIN_WINDOW = Duration.ofDays(14);

  private final IncidentStore store;
  private final Duration window;
  private final Duration chainWindow;
  private final Supplier<String> ids;
  private final NotificationPlanner planner;

  public IncidentCorrelator(IncidentStore store, Duration window) {
    this(store, window, () -> UUID.randomUUID().toString());
  }

  public IncidentCorrelator(IncidentStore store, Duration window, Supplier<String> ids) {
    this(store, window, DEFAULT_CHAIN_WINDOW, ids, NotificationPlanner.NONE);
  }

  public IncidentCorrelator(
      IncidentStore store,
      Duration window,
      Duration chainWindow,
      Supplier<String> ids,
      NotificationPlanner planner) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the correlation window must be positive");
    }
    if (chainWindow.isNegative() || chainWindow.isZero()) {
      throw new IllegalArgumentException("the chain window must be positive");
    }
    this.store = store;
    this.window = window;
    this.chainWindow = chainWindow;
    this.ids = ids;
    this.planner = planner;
  }

  /** The same correlator telling {@code planner} what to send. */
  public IncidentCorrelator withPlanner(NotificationPlanner next) {
    return new IncidentCorrelator(store, window, chainWindow, ids, next);
  }

  /**
   * Whether this alert is stored already: alert ids are derived from the rule and the line that
   * fired it, so a line read again after a crash gives the same id.
   */
  public boolean seenBefore(Alert alert) {
    return store.hasAlert(alert.tenant(), alert.id());
  }

  public Correlation accept(Alert alert) {
    Set<String> entities = Entities.of(alert);
    ChainStage stage = ChainStage.of(alert.ruleClass());
    Optional<Incident> open =
        store.findOpen(
            alert.tenant(),
            alert.asset(),
            entities,
            alert.timestamp().minus(window),
            stage.inChain(),
            alert.timestamp().minus(chainWindow));
    Correlation c = open.map(i -> join(i, alert, stage)).orElseGet(() -> open(alert, stage));
    List<TimelineEntry> entries = new ArrayList<>();
    entries.add(entryFor(c.alert()));
    int before = open.map(Incident::chainStage).orElse(0);
    if (c.incident().chainStage() > before) {
      ChainStage reached = ChainStage.ofNumber(c.incident().chainStage());
      entries.add(
          new TimelineEntry(
              alert.timestamp(),
              "chain",
              "attack chain reached stage " + reached.number() + ": " + reached.description(),
              c.alert().id()));
    }
    store.record(
        new IncidentChange(
            c.alert(), c.incident(), c.created(), entities, entries, planner.onCorrelation(c)));
    return c;
  }

  private Correlation open(Alert alert, ChainStage stage) {
    Incident created =
        new Incident(
            ids.get(),
            alert.tenant(),
            alert.asset(),
            titleFor(alert.title(), alert.asset()),
            IncidentStatus.NEW,
            alert.severity(),
            1,
            alert.timestamp(),
            alert.timestamp(),
            List.of(),
            cap(alert.observables()),
            stage.number(),
            null);
    return new Correlation(alert.withIncident(created.id()), created, true, false, false);
  }

  private Correlation join(Incident current, Alert alert, ChainStage stage) {
    Severity severity = current.severity().max(alert.severity());
    boolean advanced = stage.number() > current.chainStage();
    if (advanced && current.chainStage() > 0) {
      // A second stage of the chain on one shop is an attack under way, not a probe.
      severity = severity.max(current.severity().raised());
    }
    boolean escalated = severity.compareTo(current.severity()) > 0 || advanced;
    Set<Observable> observables = new TreeSet<>(current.observables());
    observables.addAll(alert.observables());
    Instant first =
        alert.timestamp().isBefore(current.firstSeen()) ? alert.timestamp() : current.firstSeen();
    Instant last =
        alert.timestamp().isAfter(current.lastSeen()) ? alert.timestamp() : current.lastSeen();
    int count = current.alertCount() + 1;
    // The title names the worst step so far: a more severe alert, or the furthest chain stage.
    int bySeverity = alert.severity().compareTo(current.severity());
    boolean retitle = bySeverity > 0 || (advanced && bySeverity >= 0);
    Incident updated =
        new Incident(
            current.id(),
            current.tenant(),
            current.asset(),
            retitle ? titleFor(alert.title(), alert.asset()) : current.title(),
            current.status(),
            severity,
            count,
            first,
            last,
            List.of(),
            cap(observables),
            Math.max(current.chainStage(), stage.number()),
            current.assignee());
    return new Correlation(
        alert.withIncident(updated.id()), updated, false, escalated, isMilestone(count));
  }

  /** 100, 1,000, 10,000, ...: a flood gets one summary per order of magnitude. */
  static boolean isMilestone(long count) {
    if (count < 100) {
      return false;
    }
    long n = count;
    while (n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }

  private static String titleFor(String alertTitle, String asset) {
    return alertTitle + " on " + asset;
  }

  private static TimelineEntry entryFor(Alert a) {
    String who = a.sourceIp() == null ? "" : " from " + a.sourceIp();
    return new TimelineEntry(
        a.timestamp(), "alert", "[" + a.severity().label() + "] " + a.title() + who, a.id());
  }

  private static Set<Observable> cap(Set<Observable> in) {
    if (in.size() <= MAX_OBSERVABLES) {
      return in;
    }
    TreeSet<Observable> out = new TreeSet<>();
    for (Observable o : in) {
      if (out.size() >= MAX_OBSERVABLES) {
        break;
      }
      out.add(o);
    }
    return out;
  }
}
