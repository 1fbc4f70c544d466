package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls Elasticsearch outputs make before their first {@code _bulk}, in the order each shipper
 * sends them (read from their sources: Beats' eslegclient, licenser and template loader; Logstash's
 * elasticsearch output pool, license checker, template manager and ILM; Vector's elasticsearch
 * sink), answered as each expects.
 */
class ElasticsearchStartupTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    rt.store().tenants().ensure("shop-s", "Shop S");
    key = rt.store().ingestKeys().issue("shop-s", "shippers", null, "test").secret();
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  /** Filebeat: {@code api_key: "id:key"} is sent as {@code ApiKey base64(id:key)}. */
  static String[] filebeat() {
    String apiKey =
        Base64.getEncoder().encodeToString(("filebeat:" + key).getBytes(StandardCharsets.UTF_8));
    return new String[] {
      "Authorization", "ApiKey " + apiKey, "Accept", "application/json", "User-Agent", "Filebeat"
    };
  }

  /** Logstash and Vector: basic auth with the key as the password. */
  static String[] basic(String user) {
    String b =
        Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    return new String[] {"Authorization", "Basic " + b};
  }

  static HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        http.request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b);
  }

  static HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  static HttpResponse<String> head(String path, String... headers) {
    return send("HEAD", path, null, headers);
  }

  static HttpResponse<String> put(String path, String body, String... headers) {
    return send("PUT", path, body, headers);
  }

  // --- Filebeat 8: GET /, GET /_license?human=false, index setup, POST /_bulk ------------------

  @Test
  void filebeatFindsAVersionItConnectsTo() {
    HttpResponse<String> r = get("/", filebeat());

    JsonNode version = TestHttp.json(r).get("version");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(version.get("number").asText()).startsWith("8.");
    assertThat(version.get("build_flavor").asText()).isEqualTo("default");
  }

  @Test
  void filebeatFindsAnActiveBasicLicense() {
    JsonNode license = TestHttp.json(get("/_license?human=false", filebeat())).get("license");

    assertThat(license.get("type").asText()).isEqualTo("basic");
    assertThat(license.get("status").asText()).isEqualTo("active");
  }

  @Test
  void filebeatFindsItsIlmPolicyTemplateAndDataStreamPresent() {
    assertThat(get("/_ilm/policy/filebeat", filebeat()).statusCode()).isEqualTo(200);
    assertThat(head("/_index_template/filebeat-8.11.0", filebeat()).statusCode()).isEqualTo(200);
    assertThat(get("/_data_stream/filebeat-8.11.0", filebeat()).statusCode()).isEqualTo(200);
  }

  @Test
  void filebeatMayUploadItsLargeTemplateAndPolicy() {
    String template =
        "{\"index_patterns\":[\"filebeat-8.11.0\"],\"x\":\"" + "a".repeat(900_000) + "\"}";

    HttpResponse<String> t = put("/_index_template/filebeat-8.11.0", template, filebeat());
    HttpResponse<String> p = put("/_ilm/policy/filebeat", "{\"policy\":{}}", filebeat());
    HttpResponse<String> d = put("/_data_stream/filebeat-8.11.0", "", filebeat());

    assertThat(TestHttp.json(t).get("acknowledged").asBoolean()).isTrue();
    assertThat(p.statusCode()).isEqualTo(200);
    assertThat(d.statusCode()).isEqualTo(200);
  }

  @Test
  void filebeatShipsToItsDataStreamWithCreateActions() {
    String body =
        "{\"create\":{\"_index\":\"filebeat-8.11.0\"}}\n"
            + "{\"@timestamp\":\"2026-11-22T01:00:00.000Z\",\"message\":\"198.51.100.70 - - [22/Nov/2026:10:00:00 +0900] \\\"GET / HTTP/1.1\\\" 200 5 \\\"-\\\" \\\"x\\\"\"}\n";

    HttpResponse<String> r = send("POST", "/_bulk", body, filebeat());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(r).get("items").get(0).get("create").get("status").asInt())
        .isEqualTo(201);
  }

  // --- Logstash 8: HEAD /, GET /, GET /_license, template and ILM checks ----------------------

  @Test
  void logstashHealthCheckFindsTheServer() {
    assertThat(head("/", basic("logstash")).statusCode()).isEqualTo(200);
  }

  @Test
  void logstashRecognisesElasticsearchByItsProductHeader() {
    HttpResponse<String> r = get("/", basic("logstash"));

    assertThat(r.headers().firstValue("X-Elastic-Product")).contains("Elasticsearch");
    assertThat(TestHttp.json(r).get("tagline").asText()).isEqualTo("You Know, for Search");
  }

  @Test
  void logstashFindsAnActiveLicense() {
    assertThat(
            TestHttp.json(get("/_license", basic("logstash")))
                .get("license")
                .get("status")
                .asText())
        .isEqualTo("active");
  }

  @Test
  void logstashFindsItsTemplatePresentAndMayPutIt() {
    assertThat(head("/_index_template/ecs-logstash", basic("logstash")).statusCode())
        .isEqualTo(200);
    assertThat(put("/_index_template/ecs-logstash", "{}", basic("logstash")).statusCode())
        .isEqualTo(200);
    assertThat(head("/_template/logstash", basic("logstash")).statusCode()).isEqualTo(200);
  }

  @Test
  void logstashWithIlmFindsItsPolicyAndCreatesItsRolloverIndex() {
    assertThat(get("/_ilm/policy/logstash-policy", basic("logstash")).statusCode()).isEqualTo(200);
    assertThat(head("/logstash", basic("logstash")).statusCode()).isEqualTo(404);
    assertThat(
            put(
                    "/logstash-000001",
                    "{\"aliases\":{\"logstash\":{\"is_write_index\":true}}}",
                    basic("logstash"))
                .statusCode())
        .isEqualTo(200);
  }

  // --- Vector: GET / (api_version auto), GET /_cluster/health (healthcheck) -------------------

  @Test
  void vectorDetectsApiVersion8() {
    JsonNode root = TestHttp.json(get("/", basic("vector")));

    assertThat(root.get("version").get("number").asText().split("\\.")[0]).isEqualTo("8");
  }

  @Test
  void olderVectorDetectsApiVersion8FromTheClusterState() {
    assertThat(
            TestHttp.json(get("/_cluster/state/version", basic("vector"))).get("version").asInt())
        .isEqualTo(8);
  }

  @Test
  void vectorHealthcheckPasses() {
    HttpResponse<String> r = get("/_cluster/health", basic("vector"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(r).get("status").asText()).isEqualTo("green");
  }

  // --- who gets what at / -------------------------------------------------------------------

  @Test
  void sendsABrowserOnToTheConsole() {
    HttpResponse<String> r =
        get("/", "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    assertThat(r.statusCode()).isBetween(301, 303);
    assertThat(r.headers().firstValue("Location")).contains("/dashboard");
    assertThat(r.headers().firstValue("X-Elastic-Product")).isEmpty();
  }

  @Test
  void asksAShipperWithoutCredentialsForThem() {
    HttpResponse<String> r = get("/", "Accept", "application/json");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mimamori\"");
  }

  @Test
  void answersAShipperThatSendsNoAcceptHeader() {
    HttpResponse<String> r = get("/", "Authorization", "Bearer " + key);

    assertThat(TestHttp.json(r).get("name").asText()).isEqualTo("mimamori");
  }

  @Test
  void answersTheStartupCallsToAnApiTokenToo() {
    String token = http.token("admin", ServerFixture.ADMIN_PASSWORD);

    assertThat(get("/_license", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesTheStartupCallsWithoutAValidCredential() {
    assertThat(get("/_license").statusCode()).isEqualTo(401);
    assertThat(get("/_cluster/health", "Authorization", "Bearer mmk_forged").statusCode())
        .isEqualTo(401);
    assertThat(put("/_index_template/x", "{}").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesARevokedKeyOnTheStartupCalls() {
    var issued = rt.store().ingestKeys().issue("shop-s", "gone", null, "test");
    rt.store().ingestKeys().revoke(dev.mimamori.store.TenantScope.of("shop-s"), issued.key().id());

    assertThat(get("/", "Authorization", "Bearer " + issued.secret()).statusCode()).isEqualTo(401);
  }
}
