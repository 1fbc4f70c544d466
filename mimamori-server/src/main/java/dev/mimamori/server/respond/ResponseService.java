package dev.mimamori.server.respond;

import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.ActionRequest;
import dev.mimamori.incidents.respond.ActionResult;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.DecisionStream;
import dev.mimamori.incidents.respond.ResponseAction;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import dev.mimamori.store.ActionRepository;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured response actions: for a person (through the API) or automatically when an
 * incident matches a rule, each recorded on the incident's timeline with who ran it; undoes them
 * when their time runs out. Automatic runs happen off the pipeline's thread.
 */
public final class ResponseService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseService.class);

  private final ResponseSettings settings;
  private final IncidentLifecycle lifecycle;
  private final ActionRepository taken;
  private final Clock clock;
  private final DecisionList decisions;
  private final DecisionStream stream;
  private final ScheduledExecutorService worker;
  private final Set<String> automaticDone = ConcurrentHashMap.newKeySet();

  public ResponseService(
      ResponseSettings settings,
      DecisionList decisions,
      IncidentLifecycle lifecycle,
      ActionRepository taken,
      Clock clock) {
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.taken = taken;
    this.clock = clock;
    this.decisions = decisions;
    this.stream = new DecisionStream(decisions);
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mimamori-respond");
              t.setDaemon(true);
              return t;
            });
    restore();
    worker.scheduleWithFixedDelay(this::undoDue, 10, 10, TimeUnit.SECONDS);
  }

  /**
   * After a restart: serves again the CrowdSec decisions of bans still running (the list lives in
   * memory), for the time they have left. Other actions' changes live on their hosts.
   */
  private void restore() {
    java.time.Instant now = clock.instant();
    for (ActionRepository.Taken t : taken.active(now, 100_000)) {
      ResponseAction a = settings.actions().get(t.action());
      if (a == null || !a.type().equals("crowdsec-ban")) {
        continue;
      }
      Duration left = t.expiresAt() == null ? null : Duration.between(now, t.expiresAt());
      try {
        a.execute(new ActionRequest(t.tenant(), t.incidentId(), t.target(), left, false));
      } catch (ActionException | RuntimeException e) {
        LOG.warn("restoring {} on {} failed: {}", t.action(), t.target().value(), e.toString());
      }
    }
  }

  public Map<String, ResponseAction> actions() {
    return settings.actions();
  }

  public DecisionList decisions() {
    return decisions;
  }

  public DecisionStream stream() {
    return stream;
  }

  public ResponseSettings settings() {
    return settings;
  }

  /**
   * Runs an action for a person and records it on the timeline.
   *
   * @throws IllegalArgumentException for an unknown action
   * @throws ActionException when the action refuses or fails
   */
  public ActionResult run(
      TenantScope scope,
      Incident incident,
      String actionName,
      Observable target,
      @Nullable Duration ttl,
      boolean dryRun,
      String actor,
      boolean undo)
      throws ActionException {
    ResponseAction action = settings.actions().get(actionName);
    if (action == null) {
      throw new IllegalArgumentException("no action named '" + actionName + "' is configured");
    }
    if (!settings.mayRun(actionName, incident.tenant(), scope.all())) {
      throw new SecurityException(
          "the action '" + actionName + "' is not open to tenant " + incident.tenant());
    }
    ActionRequest request =
        new ActionRequest(incident.tenant(), incident.id(), target, ttl, dryRun, actor);
    ActionResult r = undo ? action.undo(request) : action.execute(request);
    if (!dryRun) {
      if (undo) {
        taken.markUndone(incident.tenant(), actionName, target, "undone by " + actor);
      } else if (r.changed()) {
        taken.record(incident.tenant(), incident.id(), actionName, target, ttl, actor);
      }
    }
    lifecycle.recordAction(
        scope,
        incident.id(),
        actor,
        (undo ? "undo " : "")
            + actionName
            + " "
            + target.type().label()
            + " "
            + target.value()
            + (ttl == null || undo ? "" : " for " + ttl)
            + ": "
            + r.summary());
    return r;
  }

  /** Called for every alert grouped: runs matching automatic rules on its source address. */
  public void onCorrelation(Correlation c) {
    if (settings.automatic().isEmpty() || c.alert().sourceIp() == null) {
      return;
    }
    Incident i = c.incident();
    for (ResponseSettings.Automatic a : settings.automatic()) {
      boolean matches =
          (a.tenants().contains("*") || a.tenants().contains(i.tenant()))
              && i.severity().compareTo(a.minSeverity()) >= 0
              && i.chainStage() >= a.minChainStage()
              && (a.ruleClasses().isEmpty() || a.ruleClasses().contains(c.alert().ruleClass()));
      String key = i.id() + "\u0000" + a.name() + "\u0000" + c.alert().sourceIp();
      if (matches && automaticDone.size() >= MAX_AUTOMATIC) {
        if (automaticFull.compareAndSet(false, true)) {
          LOG.warn("automatic responses: {} runs reached; no more until restart", MAX_AUTOMATIC);
        }
        continue;
      }
      if (matches && perIncident(i.id()) && automaticDone.add(key)) {
        Observable target = Observable.ip(c.alert().sourceIp());
        worker.execute(() -> runAutomatic(a, i, target));
      }
    }
  }

  /**
   * At most {@code MAX_PER_INCIDENT} automatic runs per incident: a flood from 100,000 addresses
   * does not queue 100,000 blocks (the flood's rule is better blocked upstream).
   */
  private boolean perIncident(String incidentId) {
    return perIncident.merge(incidentId, 1, Integer::sum) <= MAX_PER_INCIDENT;
  }

  static final int MAX_PER_INCIDENT = 50;
  static final int MAX_AUTOMATIC = 100_000;
  private final Map<String, Integer> perIncident = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean automaticFull =
      new java.util.concurrent.atomic.AtomicBoolean();

  private void runAutomatic(ResponseSettings.Automatic a, Incident i, Observable target) {
    String actor = "mimamori (automatic: " + a.name() + ")";
    try {
      // A rule the SOC wrote runs as the SOC: its tenants list already chose the tenants.
      run(TenantScope.allTenants(), i, a.action(), target, a.ttl(), a.dryRun(), actor, false);
    } catch (ActionException | RuntimeException e) {
      LOG.warn(
          "automatic {} on incident {} failed: {}",
          a.name(),
          i.id(),
          Sanitize.oneLine(String.valueOf(e.getMessage())));
      try {
        lifecycle.recordAction(
            TenantScope.of(i.tenant()),
            i.id(),
            actor,
            a.action()
                + " "
                + target.value()
                + " failed: "
                + Sanitize.oneLine(String.valueOf(e.getMessage())));
      } catch (RuntimeException ignored) {
        // The incident may be gone; the log line above says what happened.
      }
    }
  }

  /** Undoes what has expired now (the worker does it every 10 seconds). */
  public void undoDueNow() {
    undoDue();
  }

  /** Undoes what has expired; an undo that fails for now is tried again at the next round. */
  private synchronized void undoDue() {
    try {
      for (ActionRepository.Taken t : taken.due(clock.instant(), 1000)) {
        ResponseAction a = settings.actions().get(t.action());
        String note;
        if (a == null) {
          note = "expired; the action is no longer configured, nothing undone";
        } else if (a.expiresByItself()) {
          note = "expired by itself";
          if (a.type().equals("crowdsec-ban")) {
            decisions.expire();
          }
        } else {
          try {
            note =
                "expired: "
                    + a.undo(
                            new ActionRequest(
                                t.tenant(),
                                t.incidentId(),
                                t.target(),
                                null,
                                false,
                                "mimamori (expired)"))
                        .summary();
          } catch (ActionException e) {
            if (e.temporary()) {
              LOG.warn(
                  "undoing {} on {} failed for now: {}",
                  t.action(),
                  t.target().value(),
                  Sanitize.oneLine(String.valueOf(e.getMessage())));
              continue;
            }
            note = "expired; undo failed: " + Sanitize.oneLine(String.valueOf(e.getMessage()));
          }
        }
        taken.markUndone(t.id(), note);
        lifecycle.recordAction(
            TenantScope.of(t.tenant()),
            t.incidentId(),
            null,
            t.action() + " " + t.target().value() + ": " + note);
      }
      decisions.expire();
    } catch (RuntimeException e) {
      LOG.warn("undoing expired actions failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
