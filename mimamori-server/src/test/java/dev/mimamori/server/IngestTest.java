package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.User;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String pusherToken;
  static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    rt.store().tenants().ensure("shop-p", "Shop P");
    rt.store().users().create("shop-p", "pusher", "pusher-password-long", User.ANALYST);
    pusherToken = http.token("pusher", "pusher-password-long");
    adminToken = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = http.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b);
  }

  static JsonNode events(String token, String query) {
    return TestHttp.json(
        http.get(
            "/api/v1/events?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + token));
  }

  @Test
  void storesPushedLinesBeforeAnswering() {
    String body =
        "198.51.100.50 - - [22/Nov/2026:10:00:00 +0900] \"GET /contact?q=%3Cscript%3E HTTP/1.1\" 200 5 \"-\" \"x\"\n"
            + "198.51.100.50 - - [22/Nov/2026:10:00:01 +0900] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"\n";

    HttpResponse<String> r =
        post("/api/v1/ingest?asset=pushed-shop", body, "Authorization", "Bearer " + pusherToken);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(r).get("accepted").asInt()).isEqualTo(2);
    assertThat(events(pusherToken, "source.ip:198.51.100.50").get("total").asInt()).isEqualTo(2);
    JsonNode alerts =
        TestHttp.json(http.get("/api/v1/alerts", "Authorization", "Bearer " + pusherToken));
    assertThat(alerts.get("items").get(0).get("rule_id").asText()).isEqualTo("mm-web-xss-payload");
  }

  @Test
  void takesTheLineOutOfAShippersJsonRecord() {
    String body =
        "{\"date\":1763773200.0,\"log\":\"198.51.100.51 - - [22/Nov/2026:10:00:00 +0900] \\\"GET /a HTTP/1.1\\\" 200 5 \\\"-\\\" \\\"x\\\"\"}\n";

    post("/api/v1/ingest?asset=json-shop", body, "Authorization", "Bearer " + pusherToken);

    assertThat(events(pusherToken, "source.ip:198.51.100.51").get("total").asInt()).isEqualTo(1);
  }

  @Test
  void speaksTheElasticsearchBulkApiWithBasicAuth() {
    String body =
        "{\"create\":{\"_index\":\"logs\"}}\n"
            + "{\"@timestamp\":\"2026-11-22T01:00:00Z\",\"log\":\"198.51.100.52 - - [22/Nov/2026:10:00:00 +0900] \\\"GET /b HTTP/1.1\\\" 200 5 \\\"-\\\" \\\"x\\\"\"}\n"
            + "{\"index\":{}}\n"
            + "{\"message\":\"198.51.100.52 - - [22/Nov/2026:10:00:01 +0900] \\\"GET /c HTTP/1.1\\\" 200 5 \\\"-\\\" \\\"x\\\"\"}\n";
    String basic =
        Base64.getEncoder()
            .encodeToString(("fluentbit:" + pusherToken).getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> r =
        post(
            "/_bulk",
            body,
            "Authorization",
            "Basic " + basic,
            "Content-Type",
            "application/x-ndjson");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = TestHttp.json(r);
    assertThat(answer.get("errors").asBoolean()).isFalse();
    assertThat(answer.get("items")).hasSize(2);
    assertThat(events(pusherToken, "source.ip:198.51.100.52").get("total").asInt()).isEqualTo(2);
  }

  @Test
  void refusesABulkRequestWithoutAToken() {
    HttpResponse<String> r = post("/_bulk", "{\"index\":{}}\n{\"log\":\"x\"}\n");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void asksAnOperatorWhichTenantTheLinesBelongTo() {
    HttpResponse<String> r = post("/api/v1/ingest", "x\n", "Authorization", "Bearer " + adminToken);

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void refusesLinesForAnotherTenant() {
    HttpResponse<String> r =
        post("/api/v1/ingest?tenant=shop-a", "x\n", "Authorization", "Bearer " + pusherToken);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void numbersPushedLinesOnAcrossRequests() {
    String line =
        "198.51.100.53 - - [22/Nov/2026:10:00:00 +0900] \"GET /d HTTP/1.1\" 200 5 \"-\" \"x\"\n";

    post("/api/v1/ingest?asset=seq-shop", line, "Authorization", "Bearer " + pusherToken);
    post("/api/v1/ingest?asset=seq-shop", line, "Authorization", "Bearer " + pusherToken);

    assertThat(events(pusherToken, "source.ip:198.51.100.53").get("total").asInt()).isEqualTo(2);
  }

  @Test
  void takesLargerBodiesThanTheRestOfTheApi() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      b.append(
          "198.51.100.54 - - [22/Nov/2026:10:00:00 +0900] \"GET /e HTTP/1.1\" 200 5 \"-\" \"x\"\n");
    }

    HttpResponse<String> r =
        post(
            "/api/v1/ingest?asset=big-shop",
            b.toString(),
            "Authorization",
            "Bearer " + pusherToken);

    assertThat(b.length()).isGreaterThan(64 * 1024);
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void answersABadFormatWith400() {
    HttpResponse<String> r =
        post("/api/v1/ingest?format=nope", "x\n", "Authorization", "Bearer " + pusherToken);

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void letsAnOperatorNameTheTenantAsTheBulkIndex() {
    String body =
        "{\"index\":{\"_index\":\"shop-q\"}}\n"
            + "{\"message\":\"198.51.100.55 - - [22/Nov/2026:10:00:00 +0900] \\\"GET /f HTTP/1.1\\\" 200 5 \\\"-\\\" \\\"x\\\"\"}\n";

    HttpResponse<String> r = post("/_bulk", body, "Authorization", "Bearer " + adminToken);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode found = events(adminToken, "source.ip:198.51.100.55");
    assertThat(found.get("items").get(0).get("tenant").asText()).isEqualTo("shop-q");
  }

  @Test
  void shipperCannotWriteLinesOnlyTheServersMonitorsWrite() {
    String forged =
        "{\"type\":\"page-check\",\"time\":1764118923000,\"page_url\":\"https://x/\","
            + "\"kind\":\"sensitive_data_sent\",\"severity\":\"critical\"}\n";

    HttpResponse<String> r =
        post(
            "/api/v1/ingest?asset=forger&format=page-check",
            forged,
            "Authorization",
            "Bearer " + pusherToken);

    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("server only");
  }
}
