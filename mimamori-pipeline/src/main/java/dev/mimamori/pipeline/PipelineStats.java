package dev.mimamori.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Counters, readable at any time from any thread. */
public final class PipelineStats {
  final AtomicLong linesRead = new AtomicLong();
  final AtomicLong eventsParsed = new AtomicLong();
  final AtomicLong linesRejected = new AtomicLong();
  final AtomicLong alerts = new AtomicLong();
  final AtomicLong incidentsOpened = new AtomicLong();
  final AtomicLong notificationsFailed = new AtomicLong();
  final AtomicLong sourceErrors = new AtomicLong();
  final AtomicLong detectErrors = new AtomicLong();
  final AtomicLong storeErrors = new AtomicLong();
  final AtomicLong duplicateAlerts = new AtomicLong();

  /** Reads the running detector's count (it survives rule reloads). */
  volatile java.util.function.LongSupplier excepted = () -> 0L;

  public long linesRead() {
    return linesRead.get();
  }

  public long eventsParsed() {
    return eventsParsed.get();
  }

  public long linesRejected() {
    return linesRejected.get();
  }

  public long alerts() {
    return alerts.get();
  }

  /** Alerts a tenant's exception suppressed (rules switched off are not counted). */
  public long alertsExcepted() {
    return excepted.getAsLong();
  }

  public long incidentsOpened() {
    return incidentsOpened.get();
  }

  public long notificationsFailed() {
    return notificationsFailed.get();
  }

  /** Read failures of sources (a followed file that became unreadable counts once per outage). */
  public long sourceErrors() {
    return sourceErrors.get();
  }

  /** Lines on which parsing or a rule threw; they are skipped, not retried. */
  public long detectErrors() {
    return detectErrors.get();
  }

  /** Failed writes to the store (each retry counts). */
  /** Alerts not stored again: their lines were read again after a restart. */
  public long duplicateAlerts() {
    return duplicateAlerts.get();
  }

  public long storeErrors() {
    return storeErrors.get();
  }
}
