package dev.mimamori.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.server.LineIngestor;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.IngestKey;
import dev.mimamori.store.IngestKeyRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Log lines pushed over HTTP, the way shippers already send them: {@code POST /api/v1/ingest} (raw
 * lines, or JSON lines from Fluent Bit's, Vector's or Logstash's HTTP outputs) and the
 * Elasticsearch bulk API ({@code POST /_bulk}) that Fluent Bit's, Vector's and Filebeat's
 * Elasticsearch outputs speak. A request is answered only once its lines are stored; a 503 tells
 * the shipper to retry (a line stored already is not stored twice). Shippers authenticate with an
 * ingest key, which fixes the tenant (and the asset when it names one), or a user's API token (see
 * {@link ShipperAuth}).
 */
public final class IngestRoutes {
  /** Formats whose lines only the server's own monitors write. */
  public static final java.util.Set<String> SERVER_ONLY_FORMATS =
      java.util.Set.of(
          dev.mimamori.sensors.csp.CspLogParser.FORMAT,
          dev.mimamori.sensors.storefront.PageCheckLogParser.FORMAT,
          dev.mimamori.sensors.uptime.UptimeLogParser.FORMAT);

  /** Bodies of these routes may be this large; everything else keeps the small limit. */
  public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private static final int MAX_LINES = 100_000;
  private static final java.util.regex.Pattern ASSET = IngestKeyRepository.ASSET;

  /** The tenant ids the HTTP inputs take (and ingest keys are issued for). */
  public static final java.util.regex.Pattern TENANT_ID =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private static final List<String> RAW_FIELDS = List.of("log", "message", "event.original");

  private final Store store;
  private final ShipperAuth auth;
  private final ObjectMapper json;
  private final LineIngestor ingestor;
  private final Semaphore inFlight = new Semaphore(2, true);

  public IngestRoutes(Store store, ShipperAuth auth, ObjectMapper json, LineIngestor ingestor) {
    this.store = store;
    this.auth = auth;
    this.json = json;
    this.ingestor = ingestor;
  }

  public static boolean isIngestPath(String path) {
    return path.equals(ApiRoutes.PREFIX + "/ingest")
        || path.equals("/_bulk")
        || path.equals(ApiRoutes.PREFIX + "/_bulk");
  }

  public void register(Javalin app) {
    for (String path :
        List.of(ApiRoutes.PREFIX + "/ingest", "/_bulk", ApiRoutes.PREFIX + "/_bulk")) {
      app.before(path, ctx -> auth.require(ctx));
    }
    app.post(ApiRoutes.PREFIX + "/ingest", this::ingestLines);
    app.post("/_bulk", this::bulk);
    app.post(ApiRoutes.PREFIX + "/_bulk", this::bulk);
  }

  private String tenantFor(Context ctx) {
    ShipperAuth.Shipper shipper = auth.require(ctx);
    String asked = ctx.queryParam("tenant");
    if (shipper.key() != null) {
      return keyTenant(shipper.key(), asked);
    }
    var scope = user(shipper).scope();
    if (asked == null || asked.isBlank()) {
      if (scope.all()) {
        throw new ApiError(400, "say which tenant the lines belong to: ?tenant=");
      }
      return user(shipper).tenant();
    }
    if (!scope.allows(asked)) {
      throw new ApiError(403, "you may not send logs for tenant '" + asked + "'");
    }
    return asked;
  }

  /** A key's lines go to its tenant; naming another is refused rather than quietly ignored. */
  private static String keyTenant(IngestKey key, @Nullable String asked) {
    if (asked != null && !asked.isBlank() && !asked.equals(key.tenant())) {
      throw new ApiError(403, "this ingest key sends logs for tenant '" + key.tenant() + "' only");
    }
    return key.tenant();
  }

  private static User user(ShipperAuth.Shipper shipper) {
    User user = shipper.user();
    if (user == null) {
      throw new ApiError(401, "not authenticated");
    }
    return user;
  }

  private void ingestLines(Context ctx) throws InterruptedException {
    String tenant = tenantFor(ctx);
    List<String> lines = new ArrayList<>();
    for (String line : ctx.body().split("\r?\n")) {
      if (!line.isBlank()) {
        lines.add(rawLine(line));
      }
    }
    int n = store(ctx, tenant, lines);
    ctx.json(Map.of("accepted", n));
  }

  /**
   * The Elasticsearch bulk API: action lines, each followed by its document. An ingest key's lines
   * go to its tenant (the index names nothing then); a viewer's lines go to its tenant; an operator
   * names the tenant with {@code ?tenant=} or, since shippers cannot always add a query parameter,
   * as the index ({@code _index}) of each action.
   */
  private void bulk(Context ctx) throws InterruptedException {
    long start = System.nanoTime();
    ShipperAuth.Shipper shipper = auth.require(ctx);
    String fixed = ctx.queryParam("tenant");
    String[] rows = ctx.body().split("\n");
    Map<String, List<String>> byTenant = new LinkedHashMap<>();
    List<String> actions = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].isBlank()) {
        continue;
      }
      JsonNode action = parse(rows[i], i + 1);
      String verb = action.fieldNames().hasNext() ? action.fieldNames().next() : "";
      if (verb.equals("delete")) {
        actions.add("delete");
        continue; // nothing of the archive is ever deleted by a shipper
      }
      if (!verb.equals("index") && !verb.equals("create")) {
        throw new ApiError(400, "line " + (i + 1) + ": expected an index or create action");
      }
      String index = action.get(verb).path("_index").asText("");
      String tenant =
          shipper.key() != null
              ? keyTenant(shipper.key(), fixed)
              : bulkTenant(user(shipper), fixed, index);
      if (++i >= rows.length) {
        throw new ApiError(400, "line " + i + ": an action without its document");
      }
      byTenant.computeIfAbsent(tenant, k -> new ArrayList<>()).add(rawLine(rows[i]));
      actions.add(verb);
    }
    for (Map.Entry<String, List<String>> e : byTenant.entrySet()) {
      store(ctx, e.getKey(), e.getValue());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (String verb : actions) {
      boolean delete = verb.equals("delete");
      items.add(
          Map.of(
              verb,
              Map.of("status", delete ? 404 : 201, "result", delete ? "not_found" : "created")));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    out.put("errors", false);
    out.put("items", items);
    ctx.json(out);
  }

  private static String bulkTenant(User user, @Nullable String fixed, String index) {
    var scope = user.scope();
    if (!scope.all()) {
      if (fixed != null && !fixed.isBlank() && !fixed.equals(user.tenant())) {
        throw new ApiError(403, "you may not send logs for tenant '" + fixed + "'");
      }
      return user.tenant();
    }
    String tenant = fixed != null && !fixed.isBlank() ? fixed : index;
    if (!TENANT_ID.matcher(tenant).matches()) {
      throw new ApiError(
          400,
          "say which tenant the lines belong to: ?tenant= or the index name (a-z, 0-9, . _ -)");
    }
    return tenant;
  }

  private int store(Context ctx, String tenant, List<String> lines) throws InterruptedException {
    if (lines.size() > MAX_LINES) {
      throw new ApiError(413, "more than " + MAX_LINES + " lines in one request");
    }
    String asset = asset(ctx);
    if (!ASSET.matcher(asset).matches()) {
      throw new ApiError(400, "asset may hold letters, digits and . _ : - only");
    }
    String format = param(ctx, "format", "auto");
    if (SERVER_ONLY_FORMATS.contains(format)) {
      // Only the server writes these (CSP reports, page checks, uptime): a shipper that could
      // would forge down, skimmer or CSP alerts.
      throw new ApiError(400, "format '" + format + "' is written by the server only");
    }
    try {
      Parsers.forFormat(format);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    if (lines.isEmpty()) {
      return 0;
    }
    if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) {
      ctx.header("Retry-After", "5");
      throw new ApiError(503, "busy; retry shortly");
    }
    try {
      store.tenants().ensure(tenant, tenant);
      Pipeline.Submitted s = ingestor.ingest(tenant, asset, format, lines);
      if (s == Pipeline.Submitted.REFUSED) {
        ctx.header("Retry-After", "5");
        throw new ApiError(503, "not taking lines now (shutting down); retry shortly");
      }
      if (s == Pipeline.Submitted.QUEUED) {
        // Taken, not yet stored: a retry would send them twice, so this is no error.
        ctx.status(202);
      }
      return lines.size();
    } finally {
      inFlight.release();
    }
  }

  /**
   * The key's asset when it names one (another in {@code ?asset=} is refused), else the query's.
   */
  private String asset(Context ctx) {
    IngestKey key = auth.require(ctx).key();
    if (key == null || key.asset() == null) {
      return param(ctx, "asset", "http");
    }
    String asked = ctx.queryParam("asset");
    if (asked != null && !asked.isBlank() && !asked.equals(key.asset())) {
      throw new ApiError(403, "this ingest key sends logs for asset '" + key.asset() + "' only");
    }
    return key.asset();
  }

  private static String param(Context ctx, String name, String dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    if (v.length() > 128) {
      throw new ApiError(400, name + " is too long");
    }
    return v;
  }

  /**
   * The log line a shipper's record carries: its {@code log}, {@code message} or {@code
   * event.original} field; a JSON record without one is itself the line (nginx JSON logs); text
   * that is not JSON is the line as it is.
   */
  String rawLine(String row) {
    String t = row.strip();
    if (!t.startsWith("{")) {
      return row;
    }
    JsonNode node;
    try {
      node = json.readTree(t);
    } catch (JsonProcessingException e) {
      return row;
    }
    if (node == null || !node.isObject()) {
      return row;
    }
    for (String f : RAW_FIELDS) {
      @Nullable JsonNode v = node.get(f);
      if (v != null && v.isTextual()) {
        return v.asText();
      }
    }
    JsonNode event = node.get("event");
    if (event != null && event.path("original").isTextual()) {
      return event.get("original").asText();
    }
    return t;
  }

  private JsonNode parse(String row, int line) {
    try {
      JsonNode n = json.readTree(row);
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "line " + line + ": expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "line " + line + ": malformed JSON");
    }
  }
}
