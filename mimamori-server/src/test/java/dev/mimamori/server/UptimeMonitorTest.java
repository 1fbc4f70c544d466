package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Alert;
import dev.mimamori.server.uptime.UptimeService;
import dev.mimamori.store.TenantScope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uptime monitors on a real server (lab mode: loopback targets allowed) against a real HTTP server
 * on loopback: the API, the scheduler started with the server, and a confirmed "down" becoming an
 * alert through the pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UptimeMonitorTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String site;
  static com.sun.net.httpserver.HttpServer shop;
  static final AtomicInteger status = new AtomicInteger(200);

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(UptimeService.LAB_PROPERTY, "true");
    shop =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    shop.createContext(
        "/",
        ex -> {
          byte[] b = "<html>Welcome to the shop</html>".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status.get(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    shop.start();
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store().tenants().ensure("shop-u", "Shop U");
    site =
        rt.store()
            .sites()
            .create("shop-u", "main", List.of(shopUrl()), List.of(), List.of(), null, null)
            .id();
  }

  @AfterAll
  static void stop() {
    rt.close();
    shop.stop(0);
    System.clearProperty(UptimeService.LAB_PROPERTY);
  }

  static String shopUrl() {
    return "http://127.0.0.1:" + shop.getAddress().getPort() + "/";
  }

  static HttpResponse<String> send(String method, String path, String body) {
    return http.sendJson(method, path, body, "Authorization", "Bearer " + admin);
  }

  static JsonNode awaitState(String want) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = TestHttp.json(http.get("/api/v1/monitors", "Authorization", "Bearer " + admin));
      if (last.get("items").size() > 0
          && want.equals(last.get("items").get(0).path("state").asText())) {
        return last.get("items").get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no monitor reached " + want + ": " + last);
  }

  static Optional<Alert> awaitAlert(String ruleId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      rt.pipeline().flush(Duration.ofSeconds(2));
      Optional<Alert> a =
          rt.store().incidents().alerts(TenantScope.of("shop-u"), null, 100, 0).items().stream()
              .filter(x -> x.ruleId().equals(ruleId))
              .findFirst();
      if (a.isPresent()) {
        return a;
      }
      Thread.sleep(200);
    }
    return Optional.empty();
  }

  @Test
  @Order(1)
  void cloudMetadataTargetIsRefusedWith400() {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/sites/" + site + "/monitors",
            "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}");

    assertThat(r.body()).contains("cloud metadata");
  }

  @Test
  @Order(2)
  void mimamorisOwnPortIsRefusedWith400() {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/sites/" + site + "/monitors",
            "{\"url\":\"http://127.0.0.1:" + rt.port() + "/healthz\"}");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  @Order(3)
  void intervalBelowTenSecondsIsRefusedWith400() {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/sites/" + site + "/monitors",
            "{\"url\":\"" + shopUrl() + "\",\"interval_seconds\":5}");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  @Order(4)
  void newMonitorIsCheckedAndShownUp() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/sites/" + site + "/monitors",
            "{\"url\":\""
                + shopUrl()
                + "\",\"interval_seconds\":10,\"timeout_seconds\":3,\"keyword\":\"Welcome\","
                + "\"failures_to_down\":1,\"successes_to_up\":1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    assertThat(awaitState("UP").path("last_result").path("status").asInt()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void patchChangesOnlyTheFieldsItNames() {
    String id =
        TestHttp.json(http.get("/api/v1/monitors", "Authorization", "Bearer " + admin))
            .get("items")
            .get(0)
            .get("id")
            .asText();

    JsonNode m = TestHttp.json(send("PATCH", "/api/v1/monitors/" + id, "{\"keyword\":\"shop\"}"));

    assertThat(m.path("settings").path("interval_seconds").asInt()).isEqualTo(10);
    assertThat(m.path("settings").path("keyword").asText()).isEqualTo("shop");
  }

  @Test
  @Order(6)
  void confirmedDownBecomesAHighAlertThroughThePipeline() throws Exception {
    status.set(503);

    Alert a = awaitAlert("mm-uptime-site-down").orElseThrow();

    assertThat(a.severity()).isEqualTo(dev.mimamori.model.Severity.HIGH);
  }

  static String consoleSession() {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> login =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username=admin&password="
                + java.net.URLEncoder.encode(ServerFixture.ADMIN_PASSWORD, StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    return "mm_session=" + ConsoleTest.cookie(login, "mm_session");
  }

  @Test
  @Order(7)
  void consolePageListsTheMonitorWithItsStateInJapanese() {
    String body = http.get("/monitors?lang=ja", "Cookie", consoleSession()).body();

    assertThat(body).contains("死活・TLS・DNS 監視", shopUrl(), "DOWN").doesNotContain("style=");
  }

  @Test
  @Order(8)
  void deletedMonitorIsGoneFromTheList() {
    String id =
        TestHttp.json(http.get("/api/v1/monitors", "Authorization", "Bearer " + admin))
            .get("items")
            .get(0)
            .get("id")
            .asText();

    send("DELETE", "/api/v1/monitors/" + id, "");

    assertThat(
            TestHttp.json(http.get("/api/v1/monitors", "Authorization", "Bearer " + admin))
                .get("total")
                .asInt())
        .isZero();
  }
}
