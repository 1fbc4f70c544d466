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

  public long incidentsOpened() {
    return incidentsOpened.get();
  }

  public long notificationsFailed() {
    return notificationsFailed.get();
  }
}
