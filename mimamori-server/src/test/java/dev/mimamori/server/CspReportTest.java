package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Severity;
import dev.mimamori.store.TenantScope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSP reports on a real server: browsers post to {@code /csp/{token}}; foreign hosts on checkout
 * pages become alerts through the pipeline. The rate-limit test runs last: every request of this
 * class comes from the same loopback address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CspReportTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String reportPath;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store().tenants().ensure("shop-c", "Shop C");
    String site =
        rt.store()
            .sites()
            .create(
                "shop-c",
                "main",
                List.of("https://shop-c.example.jp/"),
                List.of("shop-c.example.jp"),
                List.of(),
                "ec-cube",
                "4.2.3")
            .id();
    JsonNode issued = rotate(site, admin);
    reportPath = issued.get("report_url").asText().replaceFirst("^https?://[^/]+", "");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static JsonNode rotate(String site, String token) {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/csp-token",
            "{}",
            "Authorization",
            "Bearer " + token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestHttp.json(r);
  }

  static HttpResponse<String> post(String path, String type, String body) {
    return http.send(
        http.request(path)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static String level2(String page, String blocked, String directive) {
    return "{\"csp-report\":{\"document-uri\":\""
        + page
        + "\",\"blocked-uri\":\""
        + blocked
        + "\",\"effective-directive\":\""
        + directive
        + "\",\"violated-directive\":\""
        + directive
        + " 'self'\",\"original-policy\":\"script-src 'self'\",\"disposition\":\"enforce\"}}";
  }

  static Optional<Alert> awaitAlert(String ruleId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      rt.pipeline().flush(Duration.ofSeconds(2));
      Optional<Alert> a =
          rt.store().incidents().alerts(TenantScope.of("shop-c"), null, 100, 0).items().stream()
              .filter(x -> x.ruleId().equals(ruleId))
              .findFirst();
      if (a.isPresent()) {
        return a;
      }
      Thread.sleep(50);
    }
    return Optional.empty();
  }

  @Test
  @Order(1)
  void theTokenRouteAnswersAReportUrlUnderCsp() {
    assertThat(reportPath).matches("/csp/mmc_[A-Za-z0-9_-]{32}");
  }

  @Test
  @Order(2)
  void aForeignScriptOnTheCheckoutBecomesACriticalAlertInAnIncident() throws Exception {
    HttpResponse<String> r =
        post(
            reportPath,
            "application/csp-report",
            level2(
                "https://shop-c.example.jp/shopping/confirm",
                "https://evil.example/skim.js",
                "script-src-elem"));
    assertThat(r.statusCode()).isEqualTo(204);

    Alert alert = awaitAlert("mm-csp-foreign-script-checkout").orElseThrow();

    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rt.store().incidents().list(TenantScope.of("shop-c"), null, 10, 0).items())
        .isNotEmpty();
  }

  @Test
  @Order(3)
  void aForeignHostOnTheLoginPageFromTheReportingApiBecomesAHighAlert() throws Exception {
    String batch =
        "[{\"type\":\"csp-violation\",\"url\":\"https://shop-c.example.jp/mypage/login\","
            + "\"body\":{\"documentURL\":\"https://shop-c.example.jp/mypage/login\","
            + "\"blockedURL\":\"https://collect.example.net/p\",\"effectiveDirective\":\"connect-src\","
            + "\"disposition\":\"report\"}}]";
    assertThat(post(reportPath, "application/reports+json", batch).statusCode()).isEqualTo(204);

    Alert alert = awaitAlert("mm-csp-foreign-host-sensitive-page").orElseThrow();

    assertThat(alert.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  @Order(4)
  void aRepeatedReportIsStoredOnce() throws Exception {
    String report =
        level2(
            "https://shop-c.example.jp/products/detail/7",
            "https://img.example.org/a.png",
            "img-src");
    rt.pipeline().flush(Duration.ofSeconds(5));
    long before = rt.pipeline().stats().eventsParsed();

    post(reportPath, "application/csp-report", report);
    post(reportPath, "application/csp-report", report);
    rt.pipeline().flush(Duration.ofSeconds(5));

    assertThat(rt.pipeline().stats().eventsParsed() - before).isEqualTo(1);
  }

  @Test
  @Order(5)
  void anUnknownTokenIsABare404() {
    HttpResponse<String> r =
        post(
            "/csp/mmc_unknown",
            "application/csp-report",
            level2("https://a/", "inline", "img-src"));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("token").doesNotContain("site");
  }

  @Test
  @Order(6)
  void aMalformedBodyIs400ProblemDetailsWithoutAStackTrace() {
    HttpResponse<String> r = post(reportPath, "application/csp-report", "{\"csp-report\": {");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(r.body())
        .contains("malformed JSON")
        .doesNotContain("at dev.")
        .doesNotContain("Exception");
  }

  @Test
  @Order(7)
  void aBodyOver64KiBIs413() {
    String big =
        level2(
            "https://shop-c.example.jp/cart", "https://x.example/" + "a".repeat(70_000), "img-src");

    assertThat(post(reportPath, "application/csp-report", big).statusCode()).isEqualTo(413);
  }

  @Test
  @Order(8)
  void anotherMediaTypeIs415() {
    assertThat(post(reportPath, "text/plain", "hello").statusCode()).isEqualTo(415);
  }

  @Test
  @Order(100)
  void manyReportsFromOneAddressGet429() {
    HttpResponse<String> last = null;
    for (int i = 0; i < 130; i++) {
      last = post("/csp/mmc_flood", "application/csp-report", "{}");
      if (last.statusCode() == 429) {
        break;
      }
    }

    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }
}
