package dev.mimamori.server.web;

import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.PipelineStats;
import dev.mimamori.store.IncidentRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics} in Prometheus' text format: events in, alerts, incidents (opened, and open
 * by tenant and severity), the notification outbox by state, and how far behind each log file is.
 * Behind a token: {@code MIMAMORI_METRICS_TOKEN} (for a Prometheus scrape config's {@code
 * bearer_token}), or the API token of an admin who sees every tenant.
 */
public final class MetricsRoutes {
  private final Store store;
  private final Supplier<@Nullable Pipeline> pipeline;
  private final @Nullable String metricsToken;

  public MetricsRoutes(
      Store store, Supplier<@Nullable Pipeline> pipeline, @Nullable String metricsToken) {
    this.store = store;
    this.pipeline = pipeline;
    this.metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken;
  }

  public void register(Javalin app) {
    app.get("/metrics", this::metrics);
  }

  private void metrics(Context ctx) {
    String header = ctx.header("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (!allowed(token)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiError(401, "metrics need MIMAMORI_METRICS_TOKEN or an admin's API token");
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(render());
  }

  private boolean allowed(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    if (metricsToken != null
        && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8),
            metricsToken.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    Optional<User> u = store.users().findByToken(token);
    return u.isPresent() && User.ADMIN.equals(u.get().role()) && u.get().scope().all();
  }

  String render() {
    PrometheusText out = new PrometheusText();
    Pipeline p = pipeline.get();
    if (p != null) {
      PipelineStats s = p.stats();
      out.counter("mimamori_lines_read_total", "Log lines read from all sources.", s.linesRead());
      out.counter("mimamori_events_parsed_total", "Lines parsed into events.", s.eventsParsed());
      out.counter("mimamori_lines_rejected_total", "Lines no parser took.", s.linesRejected());
      out.counter("mimamori_alerts_total", "Alerts raised.", s.alerts());
      out.counter(
          "mimamori_alerts_excepted_total",
          "Alerts a tenant's exception suppressed.",
          s.alertsExcepted());
      out.counter("mimamori_incidents_opened_total", "Incidents opened.", s.incidentsOpened());
      out.counter("mimamori_source_errors_total", "Read failures of sources.", s.sourceErrors());
      out.counter(
          "mimamori_detect_errors_total", "Lines a parser or rule threw on.", s.detectErrors());
      out.counter("mimamori_store_errors_total", "Failed writes to the store.", s.storeErrors());
      out.gauge(
          "mimamori_pipeline_healthy",
          "1 when the pipeline stores what it reads.",
          p.healthy() ? 1 : 0);
      out.help("mimamori_source_lag_bytes", "gauge", "Bytes of a log file not yet stored.");
      for (Pipeline.SourceLag lag : p.sourceLag()) {
        out.sample(
            "mimamori_source_lag_bytes",
            Map.of(
                "path", lag.source().path().toString(),
                "tenant", lag.source().tenant(),
                "asset", lag.source().asset()),
            lag.bytesBehind());
      }
    }
    out.help("mimamori_incidents_open", "gauge", "Incidents not resolved, by tenant and severity.");
    for (IncidentRepository.OpenCount c : store.incidents().openCounts()) {
      out.sample(
          "mimamori_incidents_open",
          Map.of("tenant", c.tenant(), "severity", c.severity()),
          c.count());
    }
    out.help("mimamori_outbox_messages", "gauge", "Notifications in the outbox, by state.");
    for (var e : store.outbox().counts().entrySet()) {
      out.sample("mimamori_outbox_messages", Map.of("status", e.getKey()), e.getValue());
    }
    out.help(
        "mimamori_db_row_security",
        "gauge",
        "1 for the state of PostgreSQL's row-level security for mimamori's role: enforced,"
            + " bypassed (a superuser or BYPASSRLS role: run as an ordinary one) or not_supported"
            + " (SQLite).");
    out.sample(
        "mimamori_db_row_security", Map.of("state", store.database().rowSecurity().label()), 1);
    return out.toString();
  }
}
