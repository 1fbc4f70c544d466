package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.User;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-lived ingest keys: issued, listed and revoked by admins, accepted by the ingest routes. */
class IngestKeysTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String operator;
  static String shopAdmin;
  static String shopViewer;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    rt.store().tenants().ensure("shop-k", "Shop K");
    rt.store().users().create("shop-k", "kate", "kate-password-long", User.ADMIN);
    rt.store().users().create("shop-k", "vic", "vic-password-long", User.VIEWER);
    operator = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    shopAdmin = http.token("kate", "kate-password-long");
    shopViewer = http.token("vic", "vic-password-long");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static HttpResponse<String> createKey(String token, String body) {
    return http.send(
        http.request("/api/v1/ingest-keys")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Issues a key as the operator and returns its answer ({@code key}, {@code id}, ...). */
  static JsonNode issue(String tenant, String name) {
    HttpResponse<String> r =
        createKey(operator, "{\"tenant\":\"" + tenant + "\",\"name\":\"" + name + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestHttp.json(r);
  }

  static HttpResponse<String> revoke(String token, String id) {
    return http.send(
        http.request("/api/v1/ingest-keys/" + id)
            .header("Authorization", "Bearer " + token)
            .DELETE());
  }

  static HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = http.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b);
  }

  static String line(String ip) {
    return ip + " - - [22/Nov/2026:10:00:00 +0900] \"GET /k HTTP/1.1\" 200 5 \"-\" \"x\"\n";
  }

  /** The archived events from one address, as the operator sees them. */
  static JsonNode events(String ip) {
    return TestHttp.json(
        http.get(
            "/api/v1/events?q=" + URLEncoder.encode("source.ip:" + ip, StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + operator));
  }

  static String basic(String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("fluentbit:" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void issuesAKeyWithItsPrefixOnce() {
    HttpResponse<String> r =
        createKey(operator, "{\"tenant\":\"shop-k\",\"name\":\"fluent-bit on web1\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(TestHttp.json(r).get("key").asText()).startsWith("mmk_").hasSize(47);
    assertThat(TestHttp.json(r).get("tenant").asText()).isEqualTo("shop-k");
  }

  @Test
  void listsKeysButNeverTheKeyItself() {
    JsonNode issued = issue("shop-k", "listed");

    HttpResponse<String> list =
        http.get("/api/v1/ingest-keys", "Authorization", "Bearer " + operator);

    assertThat(list.body()).contains(issued.get("id").asText());
    assertThat(list.body()).doesNotContain(issued.get("key").asText());
    assertThat(TestHttp.json(list).get("items").get(0).has("key")).isFalse();
  }

  @Test
  void acceptsAKeyAsTheBearerTokenOfTheIngestRouteAndStoresLinesUnderItsTenant() {
    String key = issue("shop-k", "http").get("key").asText();

    HttpResponse<String> r =
        post("/api/v1/ingest?asset=web", line("198.51.100.60"), "Authorization", "Bearer " + key);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(events("198.51.100.60").get("items").get(0).get("tenant").asText())
        .isEqualTo("shop-k");
  }

  @Test
  void acceptsAKeyAsTheBasicAuthPasswordOfTheBulkApiWhateverTheIndex() {
    String key = issue("shop-k", "fluent-bit").get("key").asText();
    String body =
        "{\"create\":{\"_index\":\"logs-generic-default\"}}\n{\"log\":\""
            + line("198.51.100.61").trim().replace("\"", "\\\"")
            + "\"}\n";

    HttpResponse<String> r = post("/_bulk", body, "Authorization", basic(key));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(events("198.51.100.61").get("items").get(0).get("tenant").asText())
        .isEqualTo("shop-k");
  }

  @Test
  void acceptsAKeyAsAnElasticsearchApiKeyOnTheBulkApiUnderApiV1() {
    String key = issue("shop-k", "filebeat").get("key").asText();
    String apiKey =
        Base64.getEncoder().encodeToString(("filebeat:" + key).getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"create\":{\"_index\":\"filebeat-8.11.0\"}}\n{\"message\":\""
            + line("198.51.100.62").trim().replace("\"", "\\\"")
            + "\"}\n";

    HttpResponse<String> r = post("/api/v1/_bulk", body, "Authorization", "ApiKey " + apiKey);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(events("198.51.100.62").get("total").asInt()).isEqualTo(1);
  }

  @Test
  void refusesLinesForAnotherTenantSentWithAKey() {
    String key = issue("shop-k", "nosy").get("key").asText();

    HttpResponse<String> r =
        post("/api/v1/ingest?tenant=shop-a", "x\n", "Authorization", "Bearer " + key);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void putsLinesUnderTheAssetTheKeyNames() {
    String key =
        TestHttp.json(
                createKey(
                    operator, "{\"tenant\":\"shop-k\",\"name\":\"web1\",\"asset\":\"web-1\"}"))
            .get("key")
            .asText();

    post("/api/v1/ingest", line("198.51.100.63"), "Authorization", "Bearer " + key);

    assertThat(events("198.51.100.63").get("items").get(0).get("log.file.path").asText())
        .isEqualTo("/http-ingest/web-1");
  }

  @Test
  void refusesAnotherAssetThanTheKeyNames() {
    String key =
        TestHttp.json(
                createKey(
                    operator, "{\"tenant\":\"shop-k\",\"name\":\"web2\",\"asset\":\"web-2\"}"))
            .get("key")
            .asText();

    HttpResponse<String> r =
        post("/api/v1/ingest?asset=web-3", "x\n", "Authorization", "Bearer " + key);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void refusesAKeyOnEveryRouteButTheIngestRoutes() {
    String key = issue("shop-k", "reader").get("key").asText();

    for (String path :
        new String[] {
          "/api/v1/incidents", "/api/v1/alerts", "/api/v1/events", "/api/v1/ingest-keys"
        }) {
      HttpResponse<String> r = http.get(path, "Authorization", "Bearer " + key);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void refusesARevokedKeyAtOnce() {
    JsonNode issued = issue("shop-k", "revoked");
    String key = issued.get("key").asText();
    HttpResponse<String> before =
        post("/api/v1/ingest", line("198.51.100.64"), "Authorization", "Bearer " + key);

    HttpResponse<String> revoked = revoke(operator, issued.get("id").asText());
    HttpResponse<String> after =
        post("/api/v1/ingest", line("198.51.100.64"), "Authorization", "Bearer " + key);

    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(revoked).get("revoked").asBoolean()).isTrue();
    assertThat(after.statusCode()).isEqualTo(401);
  }

  @Test
  void showsWhenAKeyWasLastUsed() {
    JsonNode issued = issue("shop-k", "used");
    post(
        "/api/v1/ingest",
        line("198.51.100.65"),
        "Authorization",
        "Bearer " + issued.get("key").asText());

    JsonNode list =
        TestHttp.json(http.get("/api/v1/ingest-keys", "Authorization", "Bearer " + operator));

    JsonNode used = null;
    for (JsonNode k : list.get("items")) {
      if (k.get("id").asText().equals(issued.get("id").asText())) {
        used = k;
      }
    }
    assertThat(used).isNotNull();
    assertThat(used.get("last_used_at").isTextual()).isTrue();
  }

  @Test
  void letsATenantAdminIssueAKeyForItsTenantWithoutNamingIt() {
    HttpResponse<String> r = createKey(shopAdmin, "{\"name\":\"own\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(TestHttp.json(r).get("tenant").asText()).isEqualTo("shop-k");
  }

  @Test
  void refusesATenantAdminAKeyForAnotherTenant() {
    HttpResponse<String> r = createKey(shopAdmin, "{\"tenant\":\"shop-a\",\"name\":\"theirs\"}");

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void showsATenantAdminOnlyItsTenantsKeys() {
    issue("shop-a", "shop-a's");

    JsonNode list =
        TestHttp.json(http.get("/api/v1/ingest-keys", "Authorization", "Bearer " + shopAdmin));

    assertThat(list.get("items").findValuesAsText("tenant")).isNotEmpty().containsOnly("shop-k");
  }

  @Test
  void letsNoTenantAdminRevokeAnotherTenantsKey() {
    JsonNode other = issue("shop-a", "not kate's");

    HttpResponse<String> r = revoke(shopAdmin, other.get("id").asText());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(
            post(
                    "/api/v1/ingest",
                    line("198.51.100.66"),
                    "Authorization",
                    "Bearer " + other.get("key").asText())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesAViewerToManageKeys() {
    assertThat(createKey(shopViewer, "{\"name\":\"v\"}").statusCode()).isEqualTo(403);
    assertThat(
            http.get("/api/v1/ingest-keys", "Authorization", "Bearer " + shopViewer).statusCode())
        .isEqualTo(403);
  }

  @Test
  void asksAnOperatorWhichTenantAKeyIsFor() {
    HttpResponse<String> r = createKey(operator, "{\"name\":\"whose\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(r).get("error").asText()).contains("tenant");
  }

  @Test
  void refusesAKeyWithoutANameOrWithABadAsset() {
    assertThat(createKey(operator, "{\"tenant\":\"shop-k\"}").statusCode()).isEqualTo(400);
    assertThat(
            createKey(operator, "{\"tenant\":\"shop-k\",\"name\":\"x\",\"asset\":\"a/b\"}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void answersAnUnknownKeyIdWith404() {
    assertThat(revoke(operator, "no-such-key").statusCode()).isEqualTo(404);
  }

  @Test
  void describesTheKeyRoutesInOpenapi() {
    JsonNode doc = TestHttp.json(http.get("/api/v1/openapi.json"));

    assertThat(doc.get("paths").has("/ingest-keys")).isTrue();
    assertThat(doc.get("paths").has("/ingest-keys/{id}")).isTrue();
  }
}
