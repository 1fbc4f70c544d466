package dev.mimamori.server.report;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues last month's report of every tenant with recipients once the configured day and time of
 * the month has come in the recipients' time zone. The database remembers each tenant-month (the
 * report's id is made from them), so ticking twice, two servers or a restart queue it once; a
 * server that was down on the day queues it at its next tick that month.
 */
public final class ReportScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

  private final Store store;
  private final ReportService reports;
  private final Clock clock;
  private final Runnable outboxChanged;
  private @Nullable ScheduledExecutorService timer;

  public ReportScheduler(Store store, ReportService reports, Clock clock, Runnable outboxChanged) {
    this.store = store;
    this.reports = reports;
    this.clock = clock;
    this.outboxChanged = outboxChanged;
  }

  /** Ticks every {@code periodMillis} on a thread of its own. */
  public ReportScheduler start(long periodMillis) {
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "mimamori-reports");
              th.setDaemon(true);
              return th;
            });
    t.scheduleWithFixedDelay(this::safeTick, 0, periodMillis, TimeUnit.MILLISECONDS);
    timer = t;
    return this;
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("monthly reports: {}", Sanitize.oneLine(e.toString()));
    }
  }

  /**
   * One round: queues each due report not queued yet.
   *
   * @return how many reports were queued
   */
  public int tick() {
    ReportSettings s = reports.settings();
    int queued = 0;
    for (ReportSettings.Recipients r : s.recipients().values()) {
      ZonedDateTime now = clock.instant().atZone(r.language().zone());
      LocalDateTime due = now.toLocalDate().withDayOfMonth(s.day()).atTime(s.at());
      if (now.toLocalDateTime().isBefore(due)) {
        continue;
      }
      if (store.tenants().find(TenantScope.of(r.tenant()), r.tenant()).isEmpty()) {
        continue; // a tenant named in the file but not (yet) created
      }
      ReportMonth last = new ReportMonth(YearMonth.from(now).minusMonths(1));
      if (reports.schedule(r.tenant(), last) instanceof ReportService.Sending.Queued q) {
        LOG.info(
            "queued the report of {} for {} to {} recipient(s)", r.tenant(), last, q.recipients());
        queued++;
      }
    }
    if (queued > 0) {
      outboxChanged.run();
    }
    return queued;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
