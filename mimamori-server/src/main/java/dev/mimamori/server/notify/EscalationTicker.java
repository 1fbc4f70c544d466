package dev.mimamori.server.notify;

import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.oncall.AckLinks;
import dev.mimamori.incidents.oncall.Contact;
import dev.mimamori.incidents.oncall.Decision;
import dev.mimamori.incidents.oncall.EscalationEngine;
import dev.mimamori.incidents.oncall.EscalationState;
import dev.mimamori.incidents.oncall.OnCallConfig;
import dev.mimamori.incidents.oncall.Page;
import dev.mimamori.incidents.oncall.Person;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.EscalationRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages on-call people until someone acknowledges. Each tick starts an escalation for every new
 * incident the escalation setting covers that has none yet, and advances those whose next step is
 * due; the engine's state and the pages it emits are saved in one transaction, and the pages go out
 * through the outbox. The state lives in the database, so the ticker can stop and start (and a
 * crash loses nothing): an incident without a state gets one at the next tick.
 */
public final class EscalationTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EscalationTicker.class);

  private final Store store;
  private final NotifySettings.Escalation escalation;
  private final OnCallConfig onCall;
  private final EscalationEngine engine;
  private final @Nullable AckLinks links;
  private final @Nullable String publicUrl;
  private final Clock clock;
  private final Runnable outboxChanged;
  private @Nullable ScheduledExecutorService timer;

  public EscalationTicker(
      Store store,
      NotifySettings.Escalation escalation,
      OnCallConfig onCall,
      @Nullable AckLinks links,
      @Nullable String publicUrl,
      Clock clock,
      Runnable outboxChanged) {
    this.store = store;
    this.escalation = escalation;
    this.onCall = onCall;
    this.engine = new EscalationEngine(onCall);
    this.links = links;
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.outboxChanged = outboxChanged;
  }

  /** Ticks every {@code periodMillis} on a thread of its own. */
  public EscalationTicker start(long periodMillis) {
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "mimamori-escalation");
              th.setDaemon(true);
              return th;
            });
    t.scheduleWithFixedDelay(this::safeTick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    timer = t;
    return this;
  }

  /** Runs a tick soon on the ticker's thread (after an acknowledgement), or now without one. */
  public void poke() {
    ScheduledExecutorService t = timer;
    if (t == null) {
      safeTick();
    } else {
      t.execute(this::safeTick);
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (Throwable e) {
      // Never let the schedule die: the next tick tries again.
      LOG.warn("escalation tick failed (retried at the next): {}", e.toString());
    }
  }

  /** How far back a new incident still starts an escalation (after an upgrade, a new policy). */
  static final java.time.Duration START_WINDOW = java.time.Duration.ofHours(24);

  /** One pass: start new escalations, advance due ones. Returns how many pages were written. */
  public synchronized int tick() {
    Instant now = clock.instant();
    int pages = 0;
    for (Incident i :
        store
            .escalations()
            .unescalated(
                escalation.minSeverity(), escalation.tenants(), now.minus(START_WINDOW), 100)) {
      try {
        Decision d = engine.start(i.id(), i.severity(), escalation.policy(), now);
        pages += save(i.tenant(), d, now);
      } catch (RuntimeException e) {
        // One incident's failure must not stop the others' pages.
        LOG.error("starting the escalation of incident {} failed: {}", i.id(), e.toString());
      }
    }
    for (EscalationRepository.Row row : store.escalations().due(now, 100)) {
      EscalationState state = row.state();
      try {
        Optional<Incident> incident =
            store.incidents().get(TenantScope.of(row.tenant()), state.incidentId());
        if (incident.isEmpty()) {
          continue;
        }
        if (incident.get().severity() != state.severity()) {
          state = state.withSeverity(incident.get().severity());
        }
        Decision d = engine.advance(state, incident.get().status(), now);
        pages += save(row.tenant(), d, now);
      } catch (RuntimeException e) {
        LOG.error(
            "advancing the escalation of incident {} failed: {}", state.incidentId(), e.toString());
      }
    }
    if (pages > 0) {
      outboxChanged.run();
    }
    return pages;
  }

  private int save(String tenant, Decision d, Instant now) {
    List<OutboxMessage> messages = new ArrayList<>();
    for (Page p : d.pages()) {
      Optional<Person> person = onCall.person(p.personId());
      if (person.isEmpty()) {
        continue;
      }
      String ack =
          links == null || publicUrl == null
              ? null
              : AckLinks.url(
                  publicUrl,
                  links.token(
                      p.incidentId(), p.personId(), now.plus(escalation.ackLinkValidity())));
      List<Contact> contacts = person.get().contacts();
      for (int k = 0; k < contacts.size(); k++) {
        Contact c = contacts.get(k);
        messages.add(
            new OutboxMessage(
                // The contact's place too: two addresses on one channel are two messages.
                p.id() + "/" + c.channel() + "/" + k,
                tenant,
                p.incidentId(),
                c.channel(),
                Notification.Kind.PAGE,
                person.get().japanese() ? "ja" : "en",
                c.address(),
                ack,
                p.reason(),
                now));
      }
    }
    List<TimelineEntry> entries = new ArrayList<>();
    for (Page p : d.pages()) {
      entries.add(
          new TimelineEntry(
              now,
              "escalation",
              "paged "
                  + p.personId()
                  + " (step "
                  + (p.step() + 1)
                  + (p.loop() > 0 ? ", round " + (p.loop() + 1) : "")
                  + "): "
                  + p.reason(),
              null));
    }
    store.escalations().save(tenant, d.state(), messages, entries);
    if (!d.pages().isEmpty()) {
      LOG.info(
          "incident {}: paged {} ({})",
          d.state().incidentId(),
          d.pages().stream().map(Page::personId).toList(),
          d.outcome());
    }
    return messages.size();
  }

  @Override
  public void close() {
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdown();
      try {
        if (!t.awaitTermination(5, TimeUnit.SECONDS)) {
          t.shutdownNow();
        }
      } catch (InterruptedException e) {
        t.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
