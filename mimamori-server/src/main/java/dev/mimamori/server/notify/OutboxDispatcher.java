package dev.mimamori.server.notify;

import dev.mimamori.incidents.notify.DocumentChannel;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.model.Incident;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims due messages with a lease, sends each through its channel (several at
 * once, so one stalled receiver holds up no other), and marks it sent, due again after a backoff
 * (temporary errors; a receiver's {@code Retry-After} is honoured), dead (permanent errors, or
 * still failing after {@code maxAge}) or dropped (a page for an incident acknowledged before it
 * went out). A killed server loses nothing: the lease of what it was sending runs out and the next
 * one sends it again, with the same message id for receivers that take an idempotency key.
 */
public final class OutboxDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  static final int BATCH = 32;

  private final Store store;
  private final Map<String, Notifier> channels;
  private final NotifySettings.Delivery settings;
  private final Clock clock;
  private final ReportDocuments reports;
  private final ExecutorService senders;
  private final Thread loop;
  private final Object wake = new Object();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;

  public OutboxDispatcher(
      Store store, Map<String, Notifier> channels, NotifySettings.Delivery settings, Clock clock) {
    this(store, channels, settings, clock, ReportDocuments.NONE);
  }

  /** A dispatcher that also sends monthly reports, made by {@code reports}. */
  public OutboxDispatcher(
      Store store,
      Map<String, Notifier> channels,
      NotifySettings.Delivery settings,
      Clock clock,
      ReportDocuments reports) {
    this.store = store;
    this.reports = reports;
    this.channels = Map.copyOf(channels);
    this.settings = settings;
    this.clock = clock;
    this.senders =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "mimamori-notify");
              t.setDaemon(true);
              return t;
            });
    this.loop = new Thread(this::run, "mimamori-outbox");
    loop.setDaemon(true);
  }

  public OutboxDispatcher start() {
    loop.start();
    return this;
  }

  /** Looks for due messages now rather than at the next poll. */
  public void poke() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  public long sentCount() {
    return sent.get();
  }

  public long failedCount() {
    return failed.get();
  }

  /** Senders at once: a stalled receiver takes one slot, never the others. */
  static final int SLOTS = 4;

  private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(SLOTS);

  private void run() {
    while (running) {
      try {
        int free = slots.availablePermits();
        int claimed = free == 0 ? 0 : startDue(free);
        if (claimed < free || free == 0) {
          synchronized (wake) {
            wake.wait(settings.poll().toMillis());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be briefly unavailable; nothing is lost, the messages stay due.
        LOG.warn("outbox delivery round failed: {}", Sanitize.oneLine(e.toString()));
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Claims as many due messages as there are free sender slots and starts sending them. */
  private int startDue(int free) {
    List<OutboxRepository.Entry> batch = store.outbox().claimDue(free, settings.lease());
    for (OutboxRepository.Entry e : batch) {
      slots.acquireUninterruptibly();
      senders.execute(
          () -> {
            try {
              deliver(e);
            } finally {
              slots.release();
              poke();
            }
          });
    }
    return batch.size();
  }

  /** One round, waiting for it: claims what is due (up to a batch) and sends it. For tests. */
  public int deliverDue() throws InterruptedException {
    List<OutboxRepository.Entry> batch = store.outbox().claimDue(BATCH, settings.lease());
    List<Future<?>> inFlight = new ArrayList<>();
    for (OutboxRepository.Entry e : batch) {
      inFlight.add(senders.submit(() -> deliver(e)));
    }
    for (Future<?> f : inFlight) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException ex) {
        LOG.error(
            "notification delivery crashed: {}", Sanitize.oneLine(String.valueOf(ex.getCause())));
      }
    }
    return batch.size();
  }

  void deliver(OutboxRepository.Entry e) {
    OutboxMessage m = e.message();
    Notifier channel = channels.get(m.channel());
    if (channel == null) {
      store.outbox().markDead(e, "no channel named '" + m.channel() + "' is configured");
      failed.incrementAndGet();
      return;
    }
    try {
      if (m.reportId() != null) {
        if (!(channel instanceof DocumentChannel documents)) {
          store.outbox().markDead(e, "channel '" + m.channel() + "' cannot carry a report");
          failed.incrementAndGet();
          return;
        }
        documents.sendDocument(reports.document(m));
      } else if (!sendNotification(e, channel)) {
        return;
      }
    } catch (NotificationException ex) {
      String error = Sanitize.oneLine(String.valueOf(ex.getMessage()));
      Instant now = clock.instant();
      boolean tooOld = Duration.between(e.createdAt(), now).compareTo(settings.maxAge()) > 0;
      if (!ex.temporary() || tooOld) {
        store
            .outbox()
            .markDead(e, (tooOld ? "gave up after " + e.attempts() + " tries: " : "") + error);
        failed.incrementAndGet();
        LOG.error("notification {} via {} is a dead letter: {}", m.id(), m.channel(), error);
      } else {
        Instant next = now.plus(backoff(e.attempts(), ex.retryAfter()));
        store.outbox().retryLater(e, next, error);
        LOG.warn(
            "notification {} via {} failed ({}); next try at {}", m.id(), m.channel(), error, next);
      }
      return;
    } catch (RuntimeException ex) {
      store.outbox().markDead(e, "channel error: " + Sanitize.oneLine(ex.toString()));
      failed.incrementAndGet();
      LOG.error(
          "channel {} crashed on {}: {}", m.channel(), m.id(), Sanitize.oneLine(ex.toString()));
      return;
    }
    // Outside the try: a failure to record the success must not turn a sent message into a dead
    // letter (sent again on retry); the lease runs out and it is sent at most once more.
    if (!store.outbox().markSent(e)) {
      LOG.warn(
          "notification {} was sent after its lease ran out; another try may repeat it", m.id());
    }
    sent.incrementAndGet();
  }

  /**
   * Sends an incident's notification; false when it was dropped instead (the incident is gone, or a
   * page was acknowledged before it went out).
   */
  private boolean sendNotification(OutboxRepository.Entry e, Notifier channel)
      throws NotificationException {
    OutboxMessage m = e.message();
    String incidentId = java.util.Objects.requireNonNull(m.incidentId(), "incidentId");
    Optional<Incident> incident = store.incidents().get(TenantScope.of(m.tenant()), incidentId);
    if (incident.isEmpty()) {
      store.outbox().markDropped(e, "the incident no longer exists");
      return false;
    }
    if (m.kind() == Notification.Kind.PAGE && incident.get().status().isAcknowledged()) {
      store.outbox().markDropped(e, "acknowledged before the page went out");
      return false;
    }
    channel.send(
        new Notification(
            m.id(),
            m.kind(),
            incident.get(),
            Locale.forLanguageTag(m.locale()),
            m.recipient(),
            m.ackUrl(),
            m.note()));
    return true;
  }

  /** Doubling from {@code firstRetry} up to {@code maxBackoff}, ±20 %; never before Retry-After. */
  Duration backoff(int attempts, java.time.@org.jspecify.annotations.Nullable Duration retryAfter) {
    long base = settings.firstRetry().toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    long jittered = (long) (capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    long wait = Math.max(jittered, retryAfter == null ? 0 : retryAfter.toMillis());
    return Duration.ofMillis(Math.max(wait, 1));
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    senders.shutdownNow();
    try {
      loop.join(5000);
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
