package dev.mimamori.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calls Elasticsearch outputs make before their first {@code _bulk}, answered the way an
 * Elasticsearch 8 cluster would, so Filebeat, Logstash, Vector, Fluent Bit and rsyslog work against
 * mimamori unchanged. Nothing is stored: a template, policy, data stream or index put here is
 * acknowledged and forgotten, and every one asked for is reported as present, so shippers skip
 * their setup. Each call is authenticated like {@code _bulk} (an ingest key or an API token).
 *
 * <ul>
 *   <li>Filebeat: {@code GET /} (version check), {@code GET /_license?human=false}, then with its
 *       index setup left on {@code GET /_ilm/policy/filebeat}, {@code HEAD
 *       /_index_template/filebeat-<version>}, {@code GET /_data_stream/filebeat-<version>}.
 *   <li>Logstash: {@code HEAD /}, {@code GET /} (needs {@code X-Elastic-Product: Elasticsearch}),
 *       {@code GET /_license} (needs an active license), then with template management {@code HEAD
 *       /_index_template/<name>} and with ILM {@code GET /_ilm/policy/<name>}, {@code HEAD
 *       /<alias>} (404: no such index), {@code PUT /<index>}.
 *   <li>Vector: {@code GET /} (api_version auto; {@code GET /_cluster/state/version} before 0.31),
 *       {@code GET /_cluster/health} (its healthcheck).
 *   <li>Fluent Bit and rsyslog: nothing before {@code POST /_bulk}.
 * </ul>
 *
 * <p>{@code GET /} is also the console's front door: a browser (no Authorization header, asking for
 * HTML) is sent on to the console; anything else is treated as a shipper.
 */
public final class ElasticsearchRoutes {
  /** The Elasticsearch version reported: 8.x, which every current shipper accepts. */
  public static final String VERSION = "8.11.0";

  static final String NAME = "mimamori";
  private static final String UUID = "bWltYW1vcmktaW5nZXN0";
  private static final String TAGLINE = "You Know, for Search";

  private final ShipperAuth auth;
  private final Handler browserLanding;

  /**
   * @param auth how shippers authenticate
   * @param browserLanding what a browser opening {@code /} gets
   */
  public ElasticsearchRoutes(ShipperAuth auth, Handler browserLanding) {
    this.auth = auth;
    this.browserLanding = browserLanding;
  }

  /**
   * Paths of the Elasticsearch API: they answer with Elasticsearch's product header and JSON
   * errors, and take bodies as large as {@code _bulk}'s (Filebeat's index template is large).
   */
  public static boolean isElasticsearchPath(String path) {
    return path.startsWith("/_") || path.equals(ApiRoutes.PREFIX + "/_bulk");
  }

  /**
   * A request to the Elasticsearch API: one of its paths, a {@code PUT} (creating an index: the
   * console takes none), or {@code /} from anything but a browser.
   */
  public static boolean isElasticsearchRequest(Context ctx) {
    String path = ctx.path();
    return isElasticsearchPath(path)
        || ctx.method() == HandlerType.PUT
        || (path.equals("/") && !fromBrowser(ctx));
  }

  /** A request that a browser made, for the console: no credentials, and HTML wanted. */
  public static boolean fromBrowser(Context ctx) {
    if (ctx.header("Authorization") != null) {
      return false;
    }
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  public void register(Javalin app) {
    app.before(
        ctx -> {
          if (isElasticsearchRequest(ctx)) {
            // Logstash (7.14+) and Elastic's clients check that they talk to Elasticsearch.
            ctx.header("X-Elastic-Product", "Elasticsearch");
          }
        });
    // HEAD is answered by the GET handlers (without a body).
    app.get("/", this::root);
    app.get("/_license", ctx -> answer(ctx, license()));
    app.get("/_xpack", ctx -> answer(ctx, xpack()));
    app.get("/_cluster/health", ctx -> answer(ctx, health()));
    app.get("/_cluster/state/version", ctx -> answer(ctx, clusterStateVersion()));
    app.get("/_index_template/{name}", ctx -> answer(ctx, indexTemplate(name(ctx))));
    app.put("/_index_template/{name}", this::acknowledge);
    app.get("/_template/{name}", ctx -> answer(ctx, legacyTemplate(name(ctx))));
    app.put("/_template/{name}", this::acknowledge);
    app.get("/_ilm/policy/{name}", ctx -> answer(ctx, ilmPolicy(name(ctx))));
    app.put("/_ilm/policy/{name}", this::acknowledge);
    app.get("/_data_stream/{name}", ctx -> answer(ctx, dataStream(name(ctx))));
    app.put("/_data_stream/{name}", this::acknowledge);
    app.put("/{index}", this::createIndex);
  }

  private void root(Context ctx) throws Exception {
    if (fromBrowser(ctx)) {
      browserLanding.handle(ctx);
      return;
    }
    auth.require(ctx);
    ctx.json(info());
  }

  private void answer(Context ctx, Map<String, Object> body) {
    auth.require(ctx);
    ctx.json(body);
  }

  private void acknowledge(Context ctx) {
    auth.require(ctx);
    ctx.json(Map.of("acknowledged", true));
  }

  private void createIndex(Context ctx) {
    auth.require(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("acknowledged", true);
    m.put("shards_acknowledged", true);
    m.put("index", ctx.pathParam("index"));
    ctx.json(m);
  }

  private static String name(Context ctx) {
    return ctx.pathParam("name");
  }

  static Map<String, Object> info() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("number", VERSION);
    version.put("build_flavor", "default");
    version.put("build_type", "mimamori");
    version.put("build_hash", "mimamori");
    version.put("build_date", "2023-11-04T10:04:57.184859352Z");
    version.put("build_snapshot", false);
    version.put("lucene_version", "9.8.0");
    version.put("minimum_wire_compatibility_version", "7.17.0");
    version.put("minimum_index_compatibility_version", "7.0.0");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", NAME);
    m.put("cluster_name", NAME);
    m.put("cluster_uuid", UUID);
    m.put("version", version);
    m.put("tagline", TAGLINE);
    return m;
  }

  /** Beats need a license that is not the OSS one; Logstash needs it active. */
  static Map<String, Object> license() {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("status", "active");
    l.put("uid", UUID);
    l.put("type", "basic");
    l.put("issue_date", "2023-11-04T00:00:00.000Z");
    l.put("issue_date_in_millis", 1_699_056_000_000L);
    l.put("max_nodes", 1000);
    l.put("max_resource_units", null);
    l.put("issued_to", NAME);
    l.put("issuer", "elasticsearch");
    l.put("start_date_in_millis", -1);
    return Map.of("license", l);
  }

  private static Map<String, Object> xpack() {
    Map<String, Object> features = new LinkedHashMap<>();
    for (String f : List.of("ilm", "security", "monitoring")) {
      features.put(f, Map.of("available", true, "enabled", true));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("build", Map.of("hash", "mimamori", "date", "2023-11-04T10:04:57.184859352Z"));
    m.put("license", Map.of("uid", UUID, "type", "basic", "mode", "basic", "status", "active"));
    m.put("features", features);
    return m;
  }

  private static Map<String, Object> health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster_name", NAME);
    m.put("status", "green");
    m.put("timed_out", false);
    m.put("number_of_nodes", 1);
    m.put("number_of_data_nodes", 1);
    m.put("active_primary_shards", 0);
    m.put("active_shards", 0);
    m.put("relocating_shards", 0);
    m.put("initializing_shards", 0);
    m.put("unassigned_shards", 0);
    m.put("delayed_unassigned_shards", 0);
    m.put("number_of_pending_tasks", 0);
    m.put("number_of_in_flight_fetch", 0);
    m.put("task_max_waiting_in_queue_millis", 0);
    m.put("active_shards_percent_as_number", 100.0);
    return m;
  }

  /**
   * Vector before 0.31 read its API version from this call's {@code version} (in Elasticsearch the
   * cluster state's version, a counter); 8 makes it speak the 8.x bulk API.
   */
  private static Map<String, Object> clusterStateVersion() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster_name", NAME);
    m.put("cluster_uuid", UUID);
    m.put("version", 8);
    m.put("state_uuid", UUID);
    return m;
  }

  private static Map<String, Object> indexTemplate(String name) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("index_patterns", List.of(name + "-*"));
    t.put("template", Map.of());
    t.put("composed_of", List.of());
    t.put("data_stream", Map.of("hidden", false, "allow_custom_routing", false));
    return Map.of("index_templates", List.of(Map.of("name", name, "index_template", t)));
  }

  private static Map<String, Object> legacyTemplate(String name) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("order", 0);
    t.put("index_patterns", List.of(name + "-*"));
    t.put("settings", Map.of());
    t.put("mappings", Map.of());
    t.put("aliases", Map.of());
    return Map.of(name, t);
  }

  private static Map<String, Object> ilmPolicy(String name) {
    Map<String, Object> hot =
        Map.of("min_age", "0ms", "actions", Map.of("rollover", Map.of("max_age", "30d")));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("version", 1);
    p.put("modified_date", "2023-11-04T00:00:00.000Z");
    p.put("policy", Map.of("phases", Map.of("hot", hot)));
    return Map.of(name, p);
  }

  private static Map<String, Object> dataStream(String name) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("timestamp_field", Map.of("name", "@timestamp"));
    d.put("indices", List.of());
    d.put("generation", 1);
    d.put("status", "GREEN");
    d.put("template", name);
    d.put("hidden", false);
    d.put("system", false);
    return Map.of("data_streams", List.of(d));
  }
}
