package dev.mimamori.server.report;

import dev.mimamori.incidents.notify.Attachment;
import dev.mimamori.incidents.notify.DocumentMessage;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.outbox.OutboxMessage;
import dev.mimamori.server.notify.ReportDocuments;
import dev.mimamori.store.ReportRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Monthly reports: made on demand (HTML, PDF), queued for e-mail through the outbox (on request or
 * by the schedule, once per tenant and month), and rendered again when the outbox sends them.
 */
public final class ReportService implements ReportDocuments {
  private final Store store;
  private final ReportBuilder builder;
  private final ReportRenderer renderer;
  private final ReportSettings settings;
  private final Clock clock;

  public ReportService(
      Store store,
      ReportBuilder builder,
      ReportRenderer renderer,
      ReportSettings settings,
      Clock clock) {
    this.store = store;
    this.builder = builder;
    this.renderer = renderer;
    this.settings = settings;
    this.clock = clock;
  }

  public ReportSettings settings() {
    return settings;
  }

  /** The report, if the scope includes the tenant (and it exists). */
  public Optional<MonthlyReport> build(
      TenantScope scope, String tenant, ReportMonth month, ReportLanguage language) {
    return builder.build(scope, tenant, month, language);
  }

  public String html(MonthlyReport report) {
    return renderer.html(report);
  }

  /**
   * The PDF.
   *
   * @throws ReportRenderer.FontMissingException a Japanese report without a Japanese font
   */
  public byte[] pdf(MonthlyReport report) {
    return renderer.pdf(report);
  }

  /** What asking to e-mail a report came to. */
  public sealed interface Sending {
    /** Queued for each configured recipient. */
    record Queued(String reportId, int recipients) implements Sending {}

    /** The tenant has no report recipient, or reports are not e-mailed on this server. */
    record NoRecipients() implements Sending {}

    /** The schedule had queued this month already (never sent twice by it). */
    record AlreadyQueued(String reportId) implements Sending {}
  }

  /**
   * Queues the report of {@code tenant} and {@code month} for its recipients, at a person's
   * request. The caller has checked that the tenant is in the person's scope.
   */
  public Sending request(
      String tenant, ReportMonth month, @Nullable ReportLanguage language, String requestedBy) {
    return queue(
        "request:" + UUID.randomUUID(),
        tenant,
        month,
        language,
        ReportRepository.REQUEST,
        requestedBy);
  }

  /**
   * Queues the scheduled report of {@code tenant} and {@code month}, unless it is queued already.
   */
  public Sending schedule(String tenant, ReportMonth month) {
    return queue(
        ReportRepository.scheduledId(tenant, month.toString()),
        tenant,
        month,
        null,
        ReportRepository.SCHEDULE,
        null);
  }

  private Sending queue(
      String id,
      String tenant,
      ReportMonth month,
      @Nullable ReportLanguage language,
      String origin,
      @Nullable String requestedBy) {
    Optional<ReportSettings.Recipients> recipients = settings.recipientsOf(tenant);
    String channel = settings.channel();
    if (recipients.isEmpty() || channel == null) {
      return new Sending.NoRecipients();
    }
    String locale = (language == null ? recipients.get().language() : language).tag();
    List<OutboxMessage> messages = new ArrayList<>();
    for (String to : recipients.get().to()) {
      messages.add(
          OutboxMessage.report(
              UUID.randomUUID().toString(), tenant, id, channel, locale, to, clock.instant()));
    }
    boolean queued =
        store.reports().queue(id, tenant, month.toString(), origin, requestedBy, messages);
    return queued ? new Sending.Queued(id, messages.size()) : new Sending.AlreadyQueued(id);
  }

  /** The e-mail of a report message: the PDF of its month, made now, in its language. */
  @Override
  public DocumentMessage document(OutboxMessage m) throws NotificationException {
    String reportId = m.reportId();
    String recipient = m.recipient();
    if (reportId == null || recipient == null) {
      throw new NotificationException("not a report message", false);
    }
    TenantScope scope = TenantScope.of(m.tenant());
    ReportRepository.Queued queued =
        store
            .reports()
            .find(scope, reportId)
            .orElseThrow(() -> new NotificationException("the report is gone", false));
    ReportLanguage language;
    ReportMonth month;
    try {
      language = ReportLanguage.parse(m.locale());
      month = ReportMonth.parse(queued.month());
    } catch (IllegalArgumentException e) {
      throw new NotificationException("report " + reportId + ": " + e.getMessage(), false);
    }
    MonthlyReport report =
        builder
            .build(scope, m.tenant(), month, language)
            .orElseThrow(() -> new NotificationException("the tenant is gone", false));
    byte[] pdf;
    try {
      pdf = renderer.pdf(report);
    } catch (ReportRenderer.FontMissingException e) {
      throw new NotificationException("report: " + e.getMessage(), false);
    }
    ReportTexts t = ReportTexts.of(language);
    ReportView v = new ReportView(report, t, java.util.Map.of(), null);
    String subject = t.t("mail.subject", v.monthLabel(), report.tenantName());
    String body =
        t.t(
            "mail.body",
            v.monthLabel(),
            report.tenantName(),
            report.incidents().opened(),
            report.incidents().resolved(),
            report.blockedTotal(),
            report.files().total());
    return new DocumentMessage(
        m.id(),
        language.locale(),
        recipient,
        subject,
        body,
        List.of(new Attachment(fileName(report), "application/pdf", pdf)));
  }

  /** {@code mimamori-report-shop-a-2026-11.pdf}. */
  public static String fileName(MonthlyReport report) {
    return "mimamori-report-" + report.tenant() + "-" + report.month() + ".pdf";
  }
}
