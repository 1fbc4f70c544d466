package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Alert;
import dev.mimamori.server.vuln.VulnService;
import dev.mimamori.store.TenantScope;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vulnerability API on a real server: inventory upload, findings, alerts, accepted risks. */
class VulnApiTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String viewer;
  static String site;

  private static final String ADVISORY =
      "identifier: \"CVE-2099-4001\"\n"
          + "package_slug: \"packagist/ec-cube/ec-cube\"\n"
          + "title: \"XSS in the product list\"\n"
          + "affected_range: \">=4.0.0,<4.0.6-p3\"\n"
          + "fixed_versions: [\"4.0.6-p3\"]\n"
          + "urls: [\"https://jvn.jp/en/jp/JVN99990004/\", \"https://www.ec-cube.net/info/weakness/2099/\"]\n"
          + "cvss_v3: \"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N\"\n";

  /** An advisory whose exploitation rule (mm-web-xss-payload) fired on the fixture's log. */
  private static final String ATTACKED =
      "identifier: \"CVE-2023-22838\"\n"
          + "package_slug: \"packagist/ec-cube/ec-cube\"\n"
          + "title: \"XSS in the contact form\"\n"
          + "affected_range: \">=4.0.0,<4.0.6-p3\"\n"
          + "fixed_versions: [\"4.0.6-p3\"]\n"
          + "urls: [\"https://jvn.jp/en/jp/JVN99990005/\"]\n";

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store()
        .vulns()
        .importAdvisories(
            new AdvisoryReader()
                .read("a.yml", "a.yml", ADVISORY.getBytes(StandardCharsets.UTF_8))
                .advisories());
    rt.store()
        .vulns()
        .importAdvisories(
            new AdvisoryReader()
                .read("b.yml", "b.yml", ATTACKED.getBytes(StandardCharsets.UTF_8))
                .advisories());
    site =
        post(
                "/api/v1/tenants/shop-a/sites",
                "{\"name\":\"main\",\"platform\":\"ec-cube\"}",
                admin,
                201)
            .get("id")
            .asText();
    post(
        "/api/v1/users",
        "{\"username\":\"vera\",\"password\":\"vera-password-long\",\"role\":\"viewer\",\"tenant\":\"shop-a\"}",
        admin,
        201);
    viewer = http.token("vera", "vera-password-long");
    post(
        "/api/v1/sites/" + site + "/software",
        "{\"components\":[{\"ecosystem\":\"packagist\",\"name\":\"ec-cube/ec-cube\",\"version\":\"4.0.6-p2\","
            + "\"found_in\":\"src/Eccube/Common/Constant.php\"}]}",
        admin,
        200);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static JsonNode post(String path, String body, String token, int expect) {
    HttpResponse<String> r = http.sendJson("POST", path, body, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(expect);
    return TestHttp.json(r);
  }

  private static JsonNode findings(String token) {
    return TestHttp.json(http.get("/api/v1/vulnerabilities", "Authorization", "Bearer " + token));
  }

  private static JsonNode findingOf(String cve) {
    for (JsonNode f : findings(viewer).get("items")) {
      if (f.get("ids").toString().contains(cve)) {
        return f;
      }
    }
    throw new AssertionError("no finding for " + cve);
  }

  @Test
  void findingShowsThatItsExploitationRuleFiredInTheTenant() {
    JsonNode f = findingOf("CVE-2023-22838");

    assertThat(f.get("attacked").get("mm-web-xss-payload").asLong()).isPositive();
  }

  @Test
  void consoleShowsTheAttackBesideTheFinding() {
    String page = http.get("/vulnerabilities", "Cookie", consoleSession()).body();

    assertThat(page)
        .contains("alerts in 30 days")
        .contains("/alerts?tenant=shop-a&amp;rule=mm-web-xss-payload");
  }

  @Test
  void anUploadedInventoryShowsTheAdvisoryThatAppliesWithItsFix() {
    JsonNode f = findingOf("CVE-2099-4001");

    assertThat(List.of(f.get("site").asText(), f.get("ids").toString(), f.get("fixed_in").asText()))
        .containsExactly(site, "[\"JVN#99990004\",\"CVE-2099-4001\"]", "4.0.6-p3");
  }

  @Test
  void aNewFindingRaisesAnAlertOfTheSitesTenant() throws InterruptedException {
    rt.pipeline().flush(Duration.ofSeconds(5));

    List<Alert> alerts =
        rt.store().incidents().alerts(TenantScope.of("shop-a"), null, 500, 0).items();

    assertThat(alerts)
        .filteredOn(a -> a.ruleId().equals(VulnService.RULE) && a.title().contains("JVN#99990004"))
        .singleElement()
        .satisfies(a -> assertThat(a.title()).contains("fixed in 4.0.6-p3"));
  }

  @Test
  void aViewerMayNotChangeWhatASiteRuns() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/software",
            "{\"components\":[]}",
            "Authorization",
            "Bearer " + viewer);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void anAcceptedRiskIsShownOnTheFindingWithItsReason() {
    JsonNode r =
        post(
            "/api/v1/sites/" + site + "/accepted-risks",
            "{\"advisory_id\":\"CVE-2099-4001\",\"reason\":\"only admins reach it; patch booked\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
            admin,
            201);

    JsonNode accepted = findingOf("CVE-2099-4001").get("accepted");
    http.send(
        http.request("/api/v1/accepted-risks/" + r.get("id").asText())
            .DELETE()
            .header("Authorization", "Bearer " + admin));

    assertThat(accepted.get("reason").asText()).isEqualTo("only admins reach it; patch booked");
  }

  @Test
  void aRiskCannotBeAcceptedIntoThePast() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/accepted-risks",
            "{\"advisory_id\":\"CVE-2099-4001\",\"reason\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}",
            "Authorization",
            "Bearer " + admin);

    assertThat(r.statusCode()).isEqualTo(400);
  }

  /** The viewer's console session. */
  static String consoleSession() {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> login =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username=vera&password=vera-password-long",
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    return "mm_session=" + ConsoleTest.cookie(login, "mm_session");
  }

  @Test
  void theConsolePageListsTheFindingForAViewerOfTheTenant() {
    String session = consoleSession();

    HttpResponse<String> r = http.get("/vulnerabilities", "Cookie", session);

    assertThat(r.body())
        .contains("JVN#99990004", "CVE-2099-4001", "4.0.6-p3", "XSS in the product list");
  }

  @Test
  void theMonthlyReportListsTheOpenFinding() {
    String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Tokyo")).toString();

    HttpResponse<String> r =
        http.get("/api/v1/reports/shop-a/" + month + ".html", "Authorization", "Bearer " + viewer);

    assertThat(r.body()).contains("ec-cube/ec-cube 4.0.6-p2", "JVN#99990004");
  }

  @Test
  void aComponentWithoutAVersionIsRefused() {
    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/sites/" + site + "/software",
            "{\"components\":[{\"ecosystem\":\"npm\",\"name\":\"jquery\"}]}",
            "Authorization",
            "Bearer " + admin);

    assertThat(r.statusCode()).isEqualTo(400);
  }
}
