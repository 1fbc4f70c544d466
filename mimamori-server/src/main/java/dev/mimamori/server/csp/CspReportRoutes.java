package dev.mimamori.server.csp;

import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.sensors.csp.CspLine;
import dev.mimamori.sensors.csp.CspLogParser;
import dev.mimamori.sensors.csp.CspReport;
import dev.mimamori.sensors.csp.CspReportReader;
import dev.mimamori.server.LineIngestor;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /csp/{token}}: CSP violation reports from customers' browsers ({@code report-uri} and
 * the Reporting API's {@code report-to}). No bearer token (browsers cannot send one): the site's
 * unguessable report token in the path names the site and so the tenant; an unknown one is a bare
 * 404. Each report is normalized ({@link CspReportReader}), deduplicated ({@link
 * ReportDeduplicator}) and handed to the pipeline as a {@code csp} line, where the rules of {@code
 * pack/csp-reports.yml} turn foreign hosts on checkout pages into alerts.
 *
 * <p>Answers: 204 when the body was read (also when every report was a repeat), 400 for a body that
 * is no report, 413 over {@link #MAX_BODY_BYTES}, 415 for another media type, 429 over the rate
 * limits (per client address, then per token), 503 when the pipeline takes no lines.
 */
public final class CspReportRoutes {
  public static final String PATH_PREFIX = "/csp/";
  public static final long MAX_BODY_BYTES = CspReportReader.MAX_BODY;

  /** The limits and the dedup window; tests use small ones. */
  public record Limits(int perAddressPerMinute, int perTokenPerMinute, Duration dedupWindow) {
    public static final Limits DEFAULT = new Limits(120, 1200, Duration.ofMinutes(10));
  }

  private final Store store;
  private final LineIngestor ingestor;
  private final Clock clock;
  private final FixedWindowLimiter perAddress;
  private final FixedWindowLimiter perToken;
  private final ReportDeduplicator dedup;

  public CspReportRoutes(Store store, LineIngestor ingestor, Clock clock, Limits limits) {
    this.store = store;
    this.ingestor = ingestor;
    this.clock = clock;
    this.perAddress = new FixedWindowLimiter(clock, limits.perAddressPerMinute(), 60_000);
    this.perToken = new FixedWindowLimiter(clock, limits.perTokenPerMinute(), 60_000);
    this.dedup = new ReportDeduplicator(clock, limits.dedupWindow().toMillis());
  }

  public static boolean isReportPath(String path) {
    return path.startsWith(PATH_PREFIX);
  }

  public void register(Javalin app) {
    app.post(PATH_PREFIX + "{token}", this::report);
    // The Reporting API sends a CORS preflight when the endpoint is on another origin.
    app.options(PATH_PREFIX + "{token}", this::preflight);
  }

  private void preflight(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Allow-Methods", "POST");
    ctx.header("Access-Control-Allow-Headers", "Content-Type");
    ctx.header("Access-Control-Max-Age", "86400");
    ctx.status(204);
  }

  private void report(Context ctx) throws InterruptedException {
    ctx.header("Access-Control-Allow-Origin", "*");
    String address = ctx.ip();
    if (!perAddress.tryHit(address)) {
      throw tooMany(ctx, perAddress);
    }
    String token = ctx.pathParam("token");
    Optional<SiteRepository.Site> found = store.sites().findByCspToken(token);
    if (found.isEmpty()) {
      throw new ApiError(404, "not found");
    }
    SiteRepository.Site site = found.get();
    if (!perToken.tryHit(site.id())) {
      throw tooMany(ctx, perToken);
    }
    String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
    CspReportReader.Result read = CspReportReader.read(body, ctx.header("Content-Type"));
    if (read instanceof CspReportReader.Result.Refused r) {
      throw new ApiError(r.unsupportedType() ? 415 : 400, r.reason());
    }
    List<String> lines = new ArrayList<>();
    for (CspReport report : ((CspReportReader.Result.Reports) read).reports()) {
      int repeats = dedup.admit(site.id(), report);
      if (repeats >= 0) {
        lines.add(
            CspLine.write(
                report, clock.instant(), address, ctx.userAgent(), site.hosts(), repeats));
      }
    }
    if (!lines.isEmpty()) {
      Pipeline.Submitted s =
          ingestor.ingest(site.tenant(), asset(site), CspLogParser.FORMAT, lines);
      if (s == Pipeline.Submitted.REFUSED) {
        ctx.header("Retry-After", "5");
        throw new ApiError(503, "not taking reports now; retry shortly");
      }
    }
    ctx.status(204);
  }

  /** The site's first host names the asset, as a shipper on that host would; else the site id. */
  public static String asset(SiteRepository.Site site) {
    for (String h : site.hosts()) {
      if (IngestKeyRepository.ASSET.matcher(h).matches()) {
        return h;
      }
    }
    return "site-" + site.id();
  }

  private static ApiError tooMany(Context ctx, FixedWindowLimiter limiter) {
    ctx.header("Retry-After", Long.toString(limiter.retryAfterSeconds()));
    return new ApiError(429, "too many reports; slow down");
  }
}
