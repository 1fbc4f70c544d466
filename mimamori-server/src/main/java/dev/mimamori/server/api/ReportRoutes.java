package dev.mimamori.server.api;

import dev.mimamori.server.report.MonthlyReport;
import dev.mimamori.server.report.ReportLanguage;
import dev.mimamori.server.report.ReportMonth;
import dev.mimamori.server.report.ReportRenderer;
import dev.mimamori.server.report.ReportService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Monthly reports: {@code GET /api/v1/reports/{tenant}/{yyyy-MM}.pdf} and {@code .html} make one
 * ({@code ?lang=ja|en}; the tenant's recipients' language, else Japanese), {@code POST
 * /api/v1/reports/{tenant}/{yyyy-MM}/send} queues it for the tenant's configured recipients. A
 * tenant outside the caller's scope answers 404 before anything else is looked at.
 */
public final class ReportRoutes {
  private final ReportService reports;

  /** A PDF takes seconds of a core and tens of MiB: two at a time, the rest wait or are told. */
  private final java.util.concurrent.Semaphore rendering = new java.util.concurrent.Semaphore(2);

  /** When each tenant's month was last sent on request (monotonic nanoseconds). */
  private final Map<String, Long> lastSent = new java.util.concurrent.ConcurrentHashMap<>();

  static final long RESEND_AFTER_NANOS = java.time.Duration.ofMinutes(10).toNanos();

  public ReportRoutes(ReportService reports) {
    this.reports = reports;
  }

  public void register(Javalin app) {
    app.get(ApiRoutes.PREFIX + "/reports/{tenant}/{month}.pdf", this::pdf);
    app.get(ApiRoutes.PREFIX + "/reports/{tenant}/{month}.html", this::html);
    app.post(ApiRoutes.PREFIX + "/reports/{tenant}/{month}/send", this::send);
  }

  private void pdf(Context ctx) {
    MonthlyReport report = report(ctx);
    byte[] pdf;
    boolean acquired = false;
    try {
      acquired = rendering.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS);
      if (!acquired) {
        ctx.header("Retry-After", "10");
        throw new ApiError(503, "busy rendering other reports; retry shortly");
      }
      pdf = reports.pdf(report);
    } catch (ReportRenderer.FontMissingException e) {
      throw new ApiError(503, e.getMessage() + " (or ask for lang=en)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted");
    } finally {
      if (acquired) {
        rendering.release();
      }
    }
    ctx.contentType("application/pdf")
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + ReportService.fileName(report) + "\"")
        .result(pdf);
  }

  private void html(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(reports.html(report(ctx)));
  }

  private void send(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String tenant = tenantInScope(ctx, u);
    ReportMonth month = month(ctx);
    if (!u.canAcknowledge()) {
      throw new ApiError(403, "a viewer cannot send reports");
    }
    ReportLanguage language = language(ctx, null);
    // Each request e-mails every recipient: once per tenant and month in ten minutes.
    String key = tenant + "\u0000" + month;
    long now = System.nanoTime();
    Long before = lastSent.get(key);
    if (before != null && now - before < RESEND_AFTER_NANOS) {
      long wait = (RESEND_AFTER_NANOS - (now - before)) / 1_000_000_000L + 1;
      ctx.header("Retry-After", Long.toString(wait));
      throw new ApiError(429, "this report was sent moments ago; retry in " + wait + " seconds");
    }
    ReportService.Sending s = reports.request(tenant, month, language, u.username());
    if (s instanceof ReportService.Sending.Queued) {
      lastSent.put(key, now);
    }
    if (!(s instanceof ReportService.Sending.Queued q)) {
      throw new ApiError(
          409,
          "no report recipient is configured for tenant '"
              + tenant
              + "' (reports.recipients in the response file)");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("report_id", q.reportId());
    out.put("tenant", tenant);
    out.put("month", month.toString());
    out.put("recipients", q.recipients());
    ctx.status(HttpStatus.ACCEPTED).json(out);
  }

  private MonthlyReport report(Context ctx) {
    User u = ApiRoutes.user(ctx);
    String tenant = tenantInScope(ctx, u);
    ReportMonth month = month(ctx);
    ReportLanguage language =
        java.util.Objects.requireNonNull(
            language(
                ctx,
                reports
                    .settings()
                    .recipientsOf(tenant)
                    .map(r -> r.language())
                    .orElse(ReportLanguage.JA)));
    return reports
        .build(u.scope(), tenant, month, language)
        .orElseThrow(() -> new ApiError(404, "no such tenant"));
  }

  /** The tenant of the path, only if the caller may see it: otherwise 404, as for no tenant. */
  private static String tenantInScope(Context ctx, User u) {
    String tenant = ctx.pathParam("tenant");
    if (!u.scope().allows(tenant)) {
      throw new ApiError(404, "no such tenant");
    }
    return tenant;
  }

  private static ReportMonth month(Context ctx) {
    try {
      return ReportMonth.parse(ctx.pathParam("month"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private static @Nullable ReportLanguage language(Context ctx, @Nullable ReportLanguage dflt) {
    String lang = ctx.queryParam("lang");
    if (lang == null || lang.isBlank()) {
      return dflt;
    }
    try {
      return ReportLanguage.parse(lang);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }
}
