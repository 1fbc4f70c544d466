package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Alert;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule tuning through the API: enable/disable per tenant, exceptions, their validation. */
class RuleTuningApiTest {
  static final String XSS_RULE = "mm-web-xss-payload";
  static final String FUTURE = Instant.now().plus(Duration.ofDays(7)).toString();

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
    for (String t : List.of("shop-k", "shop-d1", "shop-d2", "shop-x1", "shop-x2")) {
      rt.store().tenants().ensure(t, t);
    }
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

  static HttpResponse<String> send(String method, String path, String token, String body) {
    HttpRequest.Builder b =
        http.request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b);
  }

  static HttpResponse<String> get(String path, String token) {
    return http.get(path, "Authorization", "Bearer " + token);
  }

  static HttpResponse<String> setEnabled(String token, String rule, String body) {
    return send("PUT", "/api/v1/rules/" + rule + "/enabled", token, body);
  }

  static HttpResponse<String> createException(String token, String body) {
    return send("POST", "/api/v1/exceptions", token, body);
  }

  static String cidrException(String tenant, String cidr) {
    return "{\"tenant\":\""
        + tenant
        + "\",\"rule_id\":\""
        + XSS_RULE
        + "\",\"field\":\"source.ip\",\"cidr\":\""
        + cidr
        + "\",\"expires_at\":\""
        + FUTURE
        + "\",\"reason\":\"our own penetration test\"}";
  }

  static String xssLine(String ip) {
    return ip
        + " - - [22/Nov/2026:10:00:00 +0900] \"GET /contact?name=<script>alert(1)</script>"
        + " HTTP/1.1\" 200 190 \"-\" \"Mozilla/5.0\"";
  }

  /** Pushes lines for a tenant through the pipeline; returns once their alerts are stored. */
  static void push(String tenant, String... lines) throws InterruptedException {
    Pipeline.Submitted s =
        rt.pipeline()
            .submit(
                new SourceSpec(Path.of("/http-ingest", tenant), "combined", tenant, "shop", false),
                List.of(lines),
                Duration.ofSeconds(20));
    assertThat(s).isEqualTo(Pipeline.Submitted.STORED);
  }

  /** The alerts of a rule for one tenant and source address. */
  static List<Alert> alerts(String tenant, String ip) {
    return rt.store().incidents().alerts(TenantScope.of(tenant), null, 500, 0).items().stream()
        .filter(a -> XSS_RULE.equals(a.ruleId()) && ip.equals(a.sourceIp()))
        .toList();
  }

  static JsonNode rule(JsonNode list, String id) {
    for (JsonNode r : list.get("items")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + id + " in " + list);
  }

  @Test
  void listsTheRulesWithTheirSourceAndWhetherTheyRunForTheCallersTenant() {
    JsonNode list = TestHttp.json(get("/api/v1/rules", shopViewer));

    assertThat(rule(list, XSS_RULE).toString())
        .contains("\"source\":\"builtin\"", "\"enabled\":true", "\"severity\":\"high\"");
  }

  @Test
  void aRuleDisabledForTenantAIsSilentThereButFiresForTenantB() throws Exception {
    setEnabled(operator, XSS_RULE, "{\"enabled\":false,\"tenant\":\"shop-d1\"}");

    push("shop-d1", xssLine("192.0.2.201"));
    push("shop-d2", xssLine("192.0.2.201"));

    assertThat(
            List.of(
                alerts("shop-d1", "192.0.2.201").size(), alerts("shop-d2", "192.0.2.201").size()))
        .containsExactly(0, 1);
  }

  @Test
  void showsARuleDisabledForATenantAsOffInItsList() {
    setEnabled(shopAdmin, "mm-web-sql-injection", "{\"enabled\":false}");

    JsonNode list = TestHttp.json(get("/api/v1/rules", shopViewer));

    assertThat(rule(list, "mm-web-sql-injection").get("enabled").asBoolean()).isFalse();
  }

  @Test
  void anExceptionByCidrSuppressesTheAlertsOfItsNetworkOnly() throws Exception {
    HttpResponse<String> made =
        createException(operator, cidrException("shop-x1", "198.51.100.0/24"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

    push("shop-x1", xssLine("198.51.100.23"), xssLine("203.0.113.23"));

    assertThat(
            List.of(
                alerts("shop-x1", "198.51.100.23").size(),
                alerts("shop-x1", "203.0.113.23").size()))
        .containsExactly(0, 1);
  }

  @Test
  void anExceptionByIpv6CidrSuppressesTheAlertsOfItsNetwork() throws Exception {
    createException(operator, cidrException("shop-x2", "2001:db8:77::/48"));

    push("shop-x2", xssLine("2001:db8:77::5"));

    assertThat(alerts("shop-x2", "2001:db8:77::5")).isEmpty();
  }

  @Test
  void countsTheAlertsExceptionsSuppressedInTheHealthAnswer() throws Exception {
    createException(operator, cidrException("shop-x2", "198.18.0.0/15"));
    push("shop-x2", xssLine("198.18.0.9"));

    JsonNode health = TestHttp.json(http.get("/healthz"));

    assertThat(health.get("pipeline").get("alerts_excepted").asLong()).isPositive();
  }

  @Test
  void refusesAnExceptionWithoutAReasonWith400() {
    HttpResponse<String> r =
        createException(
            operator,
            cidrException("shop-k", "198.51.100.0/24").replace("our own penetration test", " "));

    assertThat(List.of(r.statusCode(), TestHttp.json(r).get("error").asText().contains("reason")))
        .containsExactly(400, true);
  }

  @Test
  void refusesAnExceptionThatHasAlreadyExpiredWith400() {
    HttpResponse<String> r =
        createException(
            operator,
            cidrException("shop-k", "198.51.100.0/24").replace(FUTURE, "2020-01-01T00:00:00Z"));

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void refusesAnExceptionWhoseNetworkIsNotOneWith400() {
    HttpResponse<String> r = createException(operator, cidrException("shop-k", "198.51.100.0/40"));

    assertThat(TestHttp.json(r).get("error").asText()).contains("not an IPv4 or IPv6 network");
  }

  @Test
  void refusesAnExceptionWithBothAValueAndANetworkWith400() {
    HttpResponse<String> r =
        createException(
            operator,
            cidrException("shop-k", "198.51.100.0/24")
                .replace("\"cidr\"", "\"value\":\"x\",\"cidr\""));

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void answersAnUnknownRuleIdWith404() {
    assertThat(
            setEnabled(operator, "mm-no-such-rule", "{\"enabled\":false,\"tenant\":\"shop-k\"}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void answersAnExceptionForAnUnknownRuleIdWith404() {
    assertThat(
            createException(
                    operator,
                    cidrException("shop-k", "198.51.100.0/24").replace(XSS_RULE, "mm-nope"))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void answersAnotherTenantsExceptionWith404() {
    String id =
        TestHttp.json(createException(operator, cidrException("shop-a", "192.0.2.0/24")))
            .get("id")
            .asText();

    assertThat(
            List.of(
                get("/api/v1/exceptions/" + id, shopAdmin).statusCode(),
                send("DELETE", "/api/v1/exceptions/" + id, shopAdmin, null).statusCode()))
        .containsExactly(404, 404);
  }

  @Test
  void listsATenantOnlyItsOwnExceptions() {
    createException(operator, cidrException("shop-a", "192.0.2.0/25"));
    createException(shopAdmin, cidrException("shop-k", "192.0.2.128/25"));

    JsonNode list = TestHttp.json(get("/api/v1/exceptions", shopViewer));

    assertThat(list.get("items").findValuesAsText("tenant")).isNotEmpty().containsOnly("shop-k");
  }

  @Test
  void answersATenantAdminSwitchingAnotherTenantsRuleWith404() {
    assertThat(
            setEnabled(shopAdmin, XSS_RULE, "{\"enabled\":false,\"tenant\":\"shop-a\"}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void answersATenantUserReadingAnotherTenantsRulesWith404() {
    assertThat(get("/api/v1/rules?tenant=shop-a", shopViewer).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAViewerToChangeRulesWith403() {
    assertThat(setEnabled(shopViewer, XSS_RULE, "{\"enabled\":false}").statusCode()).isEqualTo(403);
  }

  @Test
  void refusesATenantAdminAnExceptionForEveryTenantWith403() {
    assertThat(createException(shopAdmin, cidrException("*", "192.0.2.0/24")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void asksAnOperatorWhichTenantARuleSettingIsFor() {
    HttpResponse<String> r = setEnabled(operator, XSS_RULE, "{\"enabled\":false}");

    assertThat(TestHttp.json(r).get("error").asText()).contains("tenant");
  }

  @Test
  void refusesASettingWithoutABooleanWith400() {
    assertThat(setEnabled(shopAdmin, XSS_RULE, "{\"enabled\":\"no\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void deletingAnExceptionBringsItsAlertsBack() throws Exception {
    String id =
        TestHttp.json(createException(shopAdmin, cidrException("shop-k", "203.0.113.128/25")))
            .get("id")
            .asText();
    send("DELETE", "/api/v1/exceptions/" + id, shopAdmin, null);

    push("shop-k", xssLine("203.0.113.200"));

    assertThat(alerts("shop-k", "203.0.113.200")).hasSize(1);
  }

  @Test
  void answersAReloadWithoutARulesDirectoryWith409() {
    assertThat(send("POST", "/api/v1/rules/reload", operator, null).statusCode()).isEqualTo(409);
  }

  @Test
  void describesTheTuningRoutesInOpenapi() {
    JsonNode paths = TestHttp.json(http.get("/api/v1/openapi.json")).get("paths");

    assertThat(
            List.of(
                "/rules",
                "/rules/{id}/enabled",
                "/rules/reload",
                "/exceptions",
                "/exceptions/{id}"))
        .allMatch(paths::has);
  }
}
