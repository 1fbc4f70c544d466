package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.User;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    token = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  HttpResponse<String> authed(String path) {
    return http.get(path, "Authorization", "Bearer " + token);
  }

  @Test
  void healthzAnswersWithoutAToken() {
    HttpResponse<String> r = http.get("/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(r).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void everyApiRouteButTokensAndOpenapiNeedsAToken() {
    for (String path :
        new String[] {
          "/api/v1/incidents", "/api/v1/incidents/x", "/api/v1/alerts", "/api/v1/nope"
        }) {
      HttpResponse<String> r = http.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).isPresent();
    }
  }

  @Test
  void openapiIsPublicAndDescribesTheRoutes() {
    JsonNode doc = TestHttp.json(http.get("/api/v1/openapi.json"));

    assertThat(doc.get("paths").has("/incidents")).isTrue();
    assertThat(doc.get("paths").has("/tokens")).isTrue();
  }

  @Test
  void refusesAnUnknownToken() {
    assertThat(http.get("/api/v1/incidents", "Authorization", "Bearer mmt_forged").statusCode())
        .isEqualTo(401);
  }

  @Test
  void issuesATokenForTheRightPassword() {
    HttpResponse<String> r =
        http.postJson(
            "/api/v1/tokens",
            "{\"username\":\"admin\",\"password\":\"" + ServerFixture.ADMIN_PASSWORD + "\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(TestHttp.json(r).get("token").asText()).startsWith("mmt_");
  }

  @Test
  void refusesAWrongPasswordWith401() {
    HttpResponse<String> r =
        http.postJson("/api/v1/tokens", "{\"username\":\"admin\",\"password\":\"nope\"}");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(TestHttp.json(r).get("error").asText()).contains("wrong username or password");
  }

  @Test
  void answersMalformedJsonWith400AndWhereItBroke() {
    HttpResponse<String> r = http.postJson("/api/v1/tokens", "{\"username\": \"admin\", ");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(r).get("error").asText()).startsWith("malformed JSON at line 1");
  }

  @Test
  void answersAMissingFieldWith400() {
    HttpResponse<String> r = http.postJson("/api/v1/tokens", "{\"username\":\"admin\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(r).get("error").asText()).contains("'password' is required");
  }

  @Test
  void answersAnOversizedBodyWith413() {
    String big = "{\"username\":\"" + "a".repeat(200_000) + "\",\"password\":\"x\"}";

    assertThat(http.postJson("/api/v1/tokens", big).statusCode()).isEqualTo(413);
  }

  @Test
  void answersANonJsonContentTypeWith415() {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/tokens")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin")));

    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void answersAnUnknownApiRouteWithJson404() {
    HttpResponse<String> r = authed("/api/v1/nope");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestHttp.json(r).get("error").asText()).isEqualTo("no such route");
  }

  @Test
  void listsTheIncidentRaisedFromTheLog() {
    JsonNode page = TestHttp.json(authed("/api/v1/incidents"));

    JsonNode first = page.get("items").get(0);
    assertThat(page.get("total").asInt()).isEqualTo(1);
    assertThat(first.get("alert_count").asInt()).isEqualTo(4);
    assertThat(first.get("severity").asText()).isEqualTo("critical");
    assertThat(first.get("status").asText()).isEqualTo("new");
    assertThat(first.get("first_seen").asText()).isEqualTo("2026-11-21T01:02:20Z");
    assertThat(first.get("last_seen").asText()).isEqualTo("2026-11-21T07:05:00Z");
    assertThat(first.has("title")).isTrue();
  }

  @Test
  void showsAnIncidentWithItsTimeline() {
    String id = TestHttp.json(authed("/api/v1/incidents")).get("items").get(0).get("id").asText();

    JsonNode incident = TestHttp.json(authed("/api/v1/incidents/" + id));

    assertThat(incident.get("timeline").findValues("kind"))
        .filteredOn(k -> k.asText().equals("alert"))
        .hasSize(4);
    assertThat(incident.get("observables").toString()).contains("203.0.113.45");
  }

  @Test
  void answersAnUnknownIncidentWith404() {
    HttpResponse<String> r = authed("/api/v1/incidents/does-not-exist");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestHttp.json(r).get("error").asText()).isEqualTo("no such incident");
  }

  @Test
  void listsAlertsWithTheirEvidenceLines() {
    String id = TestHttp.json(authed("/api/v1/incidents")).get("items").get(0).get("id").asText();

    JsonNode alerts = TestHttp.json(authed("/api/v1/alerts?incident_id=" + id));

    assertThat(alerts.get("total").asInt()).isEqualTo(4);
    JsonNode evidence = alerts.get("items").get(0).get("evidence").get(0);
    assertThat(evidence.get("log.line").asInt()).isEqualTo(5);
    assertThat(evidence.get("log.file.path").asText()).endsWith("access.log");
  }

  @Test
  void pagesAlerts() {
    JsonNode page = TestHttp.json(authed("/api/v1/alerts?limit=3&offset=0"));

    assertThat(page.get("items")).hasSize(3);
    assertThat(page.get("next_offset").asInt()).isEqualTo(3);
  }

  @Test
  void refusesALimitOutOfRange() {
    assertThat(authed("/api/v1/incidents?limit=0").statusCode()).isEqualTo(400);
    assertThat(authed("/api/v1/incidents?limit=abc").statusCode()).isEqualTo(400);
    assertThat(authed("/api/v1/incidents?status=bogus").statusCode()).isEqualTo(400);
  }

  @Test
  void showsAViewerOnlyItsOwnTenant() {
    rt.store().tenants().ensure("shop-b", "Shop B");
    rt.store().users().create("shop-b", "bob", "bob-password-long", User.VIEWER);
    String bobToken = http.token("bob", "bob-password-long");

    JsonNode page =
        TestHttp.json(http.get("/api/v1/incidents", "Authorization", "Bearer " + bobToken));
    String id = TestHttp.json(authed("/api/v1/incidents")).get("items").get(0).get("id").asText();

    assertThat(page.get("total").asInt()).isZero();
    assertThat(
            http.get("/api/v1/incidents/" + id, "Authorization", "Bearer " + bobToken).statusCode())
        .isEqualTo(404);
  }

  @Test
  void putsSecurityHeadersOnEveryResponse() {
    HttpResponse<String> r = http.get("/api/v1/incidents");

    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void refusesABodyWithoutALength() {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/tokens")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream("{}".getBytes()))));

    assertThat(r.statusCode()).isEqualTo(411);
  }

  @Test
  void refusesMultipartBodies() {
    HttpResponse<String> r =
        http.send(
            http.request("/login")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--")));

    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void reportsPipelineHealthAndCounters() {
    JsonNode health = TestHttp.json(http.get("/healthz"));

    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("pipeline").get("lines_read").asInt()).isEqualTo(5);
    assertThat(health.get("pipeline").has("store_errors")).isTrue();
  }

  @Test
  void givesAllTenantsOnlyToAdminsOfTheOperatorTenant() {
    rt.store().tenants().ensure("shop-c", "Shop C");
    rt.store().users().create("shop-c", "carol", "carol-password-long", User.ADMIN);
    String carol = http.token("carol", "carol-password-long");

    JsonNode page =
        TestHttp.json(http.get("/api/v1/incidents", "Authorization", "Bearer " + carol));

    assertThat(page.get("total").asInt()).isZero();
  }

  @Test
  void searchesTheArchivedEvents() {
    JsonNode r = TestHttp.json(authed("/api/v1/events?q=source.ip:203.0.113.77"));

    assertThat(r.get("total").asInt()).isEqualTo(1);
    assertThat(r.get("items").get(0).get("event.original").asText()).contains("packages.php");
  }

  @Test
  void answersABadEventQueryWith400() {
    assertThat(authed("/api/v1/events?q=url.path:(").statusCode()).isEqualTo(400);
    assertThat(authed("/api/v1/events?from=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void searchesOnlyTheViewersTenantsEvents() {
    rt.store().tenants().ensure("shop-d", "Shop D");
    rt.store().users().create("shop-d", "dave", "dave-password-long", User.VIEWER);
    String dave = http.token("dave", "dave-password-long");

    JsonNode r = TestHttp.json(http.get("/api/v1/events", "Authorization", "Bearer " + dave));

    assertThat(r.get("total").asInt()).isZero();
  }

  @Test
  void answersErrorsAsProblemDetails() {
    HttpResponse<String> r = authed("/api/v1/incidents/does-not-exist");
    JsonNode p = TestHttp.json(r);

    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(
            p.get("title").asText()
                + " / "
                + p.get("status").asInt()
                + " / "
                + p.get("detail").asText())
        .isEqualTo("Not Found / 404 / no such incident");
  }

  static String readToken() {
    HttpResponse<String> r =
        http.postJson(
            "/api/v1/tokens",
            "{\"username\":\"admin\",\"password\":\""
                + ServerFixture.ADMIN_PASSWORD
                + "\",\"scope\":\"read\",\"expires_in\":\"1h\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    return TestHttp.json(r).get("token").asText();
  }

  @Test
  void aReadTokenReads() {
    assertThat(http.get("/api/v1/incidents", "Authorization", "Bearer " + readToken()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aReadTokenChangesNothing() {
    String id = TestHttp.json(authed("/api/v1/incidents")).get("items").get(0).get("id").asText();

    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/incidents/" + id + "/comments",
            "{\"text\":\"x\"}",
            "Authorization",
            "Bearer " + readToken());

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aTokenLastsAsLongAsAsked() {
    HttpResponse<String> r =
        http.postJson(
            "/api/v1/tokens",
            "{\"username\":\"admin\",\"password\":\""
                + ServerFixture.ADMIN_PASSWORD
                + "\",\"expires_in\":\"10m\"}");
    java.time.Instant expires =
        java.time.Instant.parse(TestHttp.json(r).get("expires_at").asText());

    assertThat(expires).isBefore(java.time.Instant.now().plusSeconds(11 * 60));
  }

  @Test
  void refusesAnUnknownTokenScope() {
    HttpResponse<String> r =
        http.postJson(
            "/api/v1/tokens",
            "{\"username\":\"admin\",\"password\":\""
                + ServerFixture.ADMIN_PASSWORD
                + "\",\"scope\":\"root\"}");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void aReadTokenSendsNoLogs() {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/ingest?asset=shop")
                .header("Authorization", "Bearer " + readToken())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("GET / HTTP/1.1")));

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aViewersTokenSendsNoLogs() {
    rt.store().users().create("shop-a", "log-viewer", "viewer-password-long", User.VIEWER);
    String viewer = http.token("log-viewer", "viewer-password-long");

    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/ingest?asset=shop")
                .header("Authorization", "Bearer " + viewer)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("GET / HTTP/1.1")));

    assertThat(r.statusCode()).isEqualTo(401);
  }
}
