package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.TenantScope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the server answers and proves that a customer of tenant B gets 403 or 404 for
 * every object of tenant A, and that no list it reads holds one. A route this test does not know
 * fails it: a new route must be classified here.
 */
class TenancyIsolationTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String bob;
  static String bAdmin;
  static String bAnalyst;
  static String bobSession;
  static String bobCsrf;
  static String beaSession;
  static String beaCsrf;
  static final Map<String, String> A = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);

    JsonNode b = post("/api/v1/tenants", "{\"name\":\"Shop B\",\"id\":\"shop-b\"}", admin, 201);
    assertThat(b.get("id").asText()).isEqualTo("shop-b");
    post(
        "/api/v1/users",
        "{\"username\":\"bob\",\"password\":\"bob-password-long\",\"role\":\"customer\",\"tenant\":\"shop-b\"}",
        admin,
        201);
    bob = http.token("bob", "bob-password-long");
    post(
        "/api/v1/users",
        "{\"username\":\"bea\",\"password\":\"bea-password-long\",\"role\":\"admin\",\"tenant\":\"shop-b\"}",
        admin,
        201);
    bAdmin = http.token("bea", "bea-password-long");
    post(
        "/api/v1/users",
        "{\"username\":\"ben\",\"password\":\"ben-password-long\",\"role\":\"analyst\",\"tenant\":\"default\",\"tenants\":[\"shop-b\"]}",
        admin,
        201);
    bAnalyst = http.token("ben", "ben-password-long");

    // Tenant A's objects.
    var incident = rt.store().incidents().list(TenantScope.of("shop-a"), null, 1, 0).items().get(0);
    A.put("incident", incident.id());
    A.put(
        "alert",
        rt.store().incidents().alerts(TenantScope.of("shop-a"), null, 1, 0).items().get(0).id());
    A.put(
        "site",
        post(
                "/api/v1/tenants/shop-a/sites",
                "{\"name\":\"main\",\"urls\":[\"https://shop-a.example.jp/\"],\"platform\":\"ec-cube\",\"version\":\"4.2.3\"}",
                admin,
                201)
            .get("id")
            .asText());
    A.put(
        "monitor",
        post(
                "/api/v1/sites/" + A.get("site") + "/page-monitors",
                "{\"name\":\"checkout\",\"url\":\"https://shop-a.example.jp/shopping\",\"enabled\":false}",
                admin,
                201)
            .get("id")
            .asText());
    A.put(
        "uptime",
        post(
                "/api/v1/sites/" + A.get("site") + "/monitors",
                "{\"url\":\"https://shop-a.example.jp/\",\"interval_seconds\":600}",
                admin,
                201)
            .get("id")
            .asText());
    var agentToken =
        rt.store()
            .agents()
            .issueToken(
                TenantScope.of("shop-a"), A.get("site"), "admin", java.time.Duration.ofHours(1))
            .orElseThrow();
    A.put(
        "agent",
        rt.store()
            .agents()
            .redeem(
                agentToken.secret(),
                "agt_tenant_a",
                "shop-a-host",
                "11".repeat(32),
                "00".repeat(32),
                java.time.Instant.parse("2099-01-01T00:00:00Z"))
            .agent()
            .id());
    A.put(
        "user",
        post(
                "/api/v1/users",
                "{\"username\":\"alice\",\"password\":\"alice-password-long\",\"role\":\"customer\",\"tenant\":\"shop-a\"}",
                admin,
                201)
            .get("id")
            .asText());
    A.put(
        "key",
        post("/api/v1/ingest-keys", "{\"tenant\":\"shop-a\",\"name\":\"fluent-bit\"}", admin, 201)
            .get("id")
            .asText());
    A.put(
        "exception",
        post(
                "/api/v1/exceptions",
                "{\"tenant\":\"shop-a\",\"rule_id\":\"*\",\"field\":\"source.ip\",\"value\":\"192.0.2.1\","
                    + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"reason\":\"pen test\"}",
                admin,
                201)
            .get("id")
            .asText());
    A.put(
        "notification",
        rt.store().outbox().list(TenantScope.of("shop-a"), OutboxRepository.PENDING, 1).stream()
            .findFirst()
            .or(
                () ->
                    rt
                        .store()
                        .outbox()
                        .list(TenantScope.of("shop-a"), OutboxRepository.SENT, 1)
                        .stream()
                        .findFirst())
            .orElseThrow()
            .message()
            .id());

    // A's site runs a vulnerable EC-CUBE and has accepted one risk.
    rt.store()
        .vulns()
        .importAdvisories(
            new dev.mimamori.vuln.advisory.AdvisoryReader()
                .read(
                    "a.yml",
                    "a.yml",
                    ("identifier: \"CVE-2099-3001\"\npackage_slug: \"packagist/ec-cube/ec-cube\"\n"
                            + "affected_range: \">=4.0.0,<4.2.4\"\n")
                        .getBytes(StandardCharsets.UTF_8))
                .advisories());
    rt.store()
        .vulns()
        .replaceSoftware(
            TenantScope.of("shop-a"),
            A.get("site"),
            List.of(
                new dev.mimamori.vuln.inventory.Component(
                    dev.mimamori.vuln.advisory.PackageRef.ECCUBE, "4.2.3", "Constant.php")));
    A.put(
        "risk",
        rt.store()
            .vulns()
            .acceptRisk(
                TenantScope.of("shop-a"),
                A.get("site"),
                "CVE-2099-3001",
                "WAF rule in place",
                java.time.Instant.parse("2099-01-01T00:00:00Z"),
                "admin")
            .orElseThrow()
            .id());

    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> login =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username=bob&password="
                + URLEncoder.encode("bob-password-long", StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    bobSession = "mm_session=" + ConsoleTest.cookie(login, "mm_session");
    bobCsrf = ConsoleTest.hidden(http.get("/incidents", "Cookie", bobSession).body());
    beaSession = consoleLogin("bea", "bea-password-long");
    beaCsrf = ConsoleTest.hidden(http.get("/incidents", "Cookie", beaSession).body());
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static JsonNode tree(String json) {
    try {
      return TestHttp.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Logs in through the console's form; answers the session cookie. */
  static String consoleLogin(String user, String password) {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> login =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username="
                + user
                + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    return "mm_session=" + ConsoleTest.cookie(login, "mm_session");
  }

  static JsonNode post(String path, String body, String token, int expect) {
    HttpResponse<String> r = http.sendJson("POST", path, body, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(expect);
    return TestHttp.json(r);
  }

  /** Routes with no tenant data: the public ones and the shippers' start-up calls. */
  static final Set<String> NO_TENANT_DATA =
      Set.of(
          "GET /",
          "GET /healthz",
          "GET /login",
          "POST /login",
          "POST /logout",
          "GET /login/totp",
          "POST /login/totp",
          "GET /account/totp",
          "POST /account/totp",
          "GET /account/totp/qr.svg",
          "POST /account/totp/off",
          "POST /api/v1/tokens",
          "DELETE /api/v1/tokens/current",
          "POST /api/v1/account/totp",
          "POST /api/v1/account/totp/confirm",
          "GET /api/v1/openapi.json",
          "GET /_cluster/health",
          "GET /_cluster/state/version",
          "GET /_data_stream/{name}",
          "GET /_ilm/policy/{name}",
          "GET /_index_template/{name}",
          "GET /_license",
          "GET /_template/{name}",
          "GET /_xpack",
          "PUT /_data_stream/{name}",
          "PUT /_ilm/policy/{name}",
          "PUT /_index_template/{name}",
          "PUT /_template/{name}",
          "PUT /{index}",
          // Browsers' CSP reports: the site's report token in the path is the authentication; a
          // bearer user reads nothing there (CspReportTest: an unknown token is a bare 404).
          "POST /csp/{token}",
          "OPTIONS /csp/{token}",
          // The agent listener's routes answer only on the agent port, and there only to an
          // agent's certificate, whose tenant and site are the server's (AgentListenerTest).
          "GET /agent/v1/ca",
          "POST /agent/v1/enroll",
          "POST /agent/v1/batches",
          "POST /agent/v1/heartbeat",
          "GET /agent/v1/config",
          "GET /agent/v1/commands",
          "POST /agent/v1/commands/{id}/result");

  /** The object of tenant A a route with an id acts on. */
  static String idFor(String path) {
    if (path.startsWith("/api/v1/incidents/") || path.startsWith("/incidents/")) {
      return A.get("incident");
    }
    if (path.startsWith("/api/v1/exceptions/") || path.startsWith("/exceptions/")) {
      return A.get("exception");
    }
    if (path.startsWith("/files/") || path.startsWith("/api/v1/file-changes/")) {
      return A.get("alert");
    }
    if (path.startsWith("/api/v1/ingest-keys/")) {
      return A.get("key");
    }
    if (path.startsWith("/api/v1/page-monitors/") || path.startsWith("/storefront/")) {
      return A.get("monitor");
    }
    if (path.startsWith("/api/v1/accepted-risks/")) {
      return A.get("risk");
    }
    if (path.startsWith("/api/v1/monitors/")) {
      return A.get("uptime");
    }
    if (path.startsWith("/api/v1/agents/") || path.startsWith("/agents/")) {
      return A.get("agent");
    }
    if (path.startsWith("/api/v1/sites/") || path.startsWith("/sites/")) {
      return A.get("site");
    }
    if (path.startsWith("/api/v1/tenants/")
        || path.startsWith("/tenants/")
        || path.startsWith("/api/v1/reports/")) {
      return "shop-a";
    }
    if (path.startsWith("/api/v1/users/") || path.startsWith("/users/")) {
      return A.get("user");
    }
    if (path.startsWith("/api/v1/notifications/")) {
      return A.get("notification");
    }
    if (path.startsWith("/api/v1/rules/") || path.startsWith("/rules/")) {
      return "mm-web-xss-payload";
    }
    if (path.startsWith("/ack/")) {
      return "v1.forged-token-for-tenant-a";
    }
    throw new AssertionError("no object known for " + path);
  }

  /** A body that would change tenant A's object if the route let bob. */
  static String bodyFor(String route) {
    if (route.endsWith("/enrollment-tokens")) {
      return "{\"site\":\"" + A.get("site") + "\"}";
    }
    if (route.endsWith("/status")) {
      return "{\"status\":\"resolved\",\"comment\":\"x\"}";
    }
    if (route.endsWith("/comments")) {
      return "{\"text\":\"x\"}";
    }
    if (route.endsWith("/assignee")) {
      return "{\"assignee\":\"bob\"}";
    }
    if (route.endsWith("/merge")) {
      return "{\"incidents\":[\"" + A.get("incident") + "\"]}";
    }
    if (route.endsWith("/split")) {
      return "{\"alerts\":[\"" + A.get("alert") + "\"]}";
    }
    if (route.contains("/actions")) {
      return "{\"action\":\"block\",\"target\":{\"type\":\"ip\",\"value\":\"192.0.2.1\"}}";
    }
    if (route.endsWith("/_bulk")) {
      return "{\"index\":{\"_index\":\"shop-a\"}}\n{\"message\":\"GET / HTTP/1.1\"}\n";
    }
    if (route.startsWith("PUT /api/v1/rules/")) {
      return "{\"enabled\":false,\"tenant\":\"shop-a\"}";
    }
    if (route.equals("POST /api/v1/ingest-keys")) {
      return "{\"tenant\":\"shop-a\",\"name\":\"mine\"}";
    }
    if (route.equals("POST /api/v1/exceptions")) {
      return "{\"tenant\":\"shop-a\",\"rule_id\":\"*\",\"field\":\"source.ip\",\"value\":\"192.0.2.9\","
          + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}";
    }
    if (route.equals("POST /api/v1/users")) {
      return "{\"username\":\"mallory\",\"password\":\"mallory-password\",\"role\":\"admin\",\"tenant\":\"shop-a\"}";
    }
    if (route.equals("POST /api/v1/tenants")) {
      return "{\"name\":\"Shop A2\"}";
    }
    if (route.startsWith("PATCH /api/v1/users/")) {
      return "{\"role\":\"admin\"}";
    }
    if (route.startsWith("PATCH /api/v1/tenants/")) {
      return "{\"name\":\"taken over\"}";
    }
    if (route.equals("POST /api/v1/tenants/{id}/sites")) {
      return "{\"name\":\"evil\"}";
    }
    if (route.endsWith("/software")) {
      return "{\"components\":[]}";
    }
    if (route.endsWith("/accepted-risks")) {
      return "{\"advisory_id\":\"CVE-2099-3001\",\"reason\":\"x\",\"expires_at\":\"2099-01-01T00:00:00Z\"}";
    }
    return "{}";
  }

  HttpResponse<String> call(String route) {
    return call(route, bob);
  }

  HttpResponse<String> call(String route, String token) {
    String method = route.substring(0, route.indexOf(' '));
    String template = route.substring(route.indexOf(' ') + 1);
    // A report names its tenant and a month: the month is a real one, so only the tenant decides.
    template = template.replace("{month}", "2026-11");
    String path =
        template.contains("{") ? template.replaceAll("\\{[a-z_]+\\}", idFor(template)) : template;
    if (path.equals("/api/v1/ingest") || path.endsWith("/_bulk")) {
      path += "?tenant=shop-a&asset=a";
    }
    if (path.equals("/api/v1/rules") || path.equals("/rules")) {
      path += "?tenant=shop-a";
    }
    boolean console =
        !path.startsWith("/api/")
            && !path.startsWith("/_")
            && !path.equals("/metrics")
            && !path.startsWith("/ack/");
    if (console) {
      String session = token.equals(bAdmin) ? beaSession : bobSession;
      String csrf = token.equals(bAdmin) ? beaCsrf : bobCsrf;
      if (method.equals("GET")) {
        return http.get(path, "Cookie", session);
      }
      return http.postForm(
          path, "csrf=" + csrf + CONSOLE_FORM + "&site=" + A.get("site"), "Cookie", session);
    }
    if (path.startsWith("/ack/")) {
      return method.equals("GET") ? http.get(path) : http.postForm(path, "");
    }
    if (method.equals("GET") || method.equals("DELETE")) {
      return http.send(
          http.request(path)
              .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
              .header("Authorization", "Bearer " + token));
    }
    return http.sendJson(method, path, bodyFor(route), "Authorization", "Bearer " + token);
  }

  /** Form fields that would change tenant A's objects if a console route let B's users. */
  static final String CONSOLE_FORM =
      "&status=resolved&text=x&name=taken+over&role=admin&enabled=false&tenant=shop-a"
          + "&rule_id=*&field=source.ip&value=192.0.2.9&expires_at=2099-01-01T00:00:00Z&reason=x"
          + "&username=mallory&password=mallory-password&urls=https://evil.example/";

  /** Walks every route as one of tenant B's users; returns what went wrong. */
  List<String> walk(String who, String token, boolean privileged) {
    List<String> failures = new ArrayList<>();
    for (String route : rt.routes()) {
      if (NO_TENANT_DATA.contains(route)) {
        continue;
      }
      boolean console =
          !route.contains(" /api/")
              && !route.contains(" /_")
              && !route.contains(" /ack/")
              && !route.equals("GET /metrics");
      if (console && token.equals(bAnalyst)) {
        continue; // the console is walked with bob's and bea's sessions
      }
      HttpResponse<String> r = call(route, token);
      int s = r.statusCode();
      boolean isList = route.startsWith("GET ") && !route.contains("{");
      boolean hasId = route.contains("{");
      boolean ingest = route.endsWith("/_bulk") || route.endsWith("/api/v1/ingest");
      if (route.startsWith("GET /audit") && s == 200) {
        // As the API's audit log: B's admin sees what B's users did, never an entry of A's.
        for (String line :
            http.get("/audit/export.jsonl", "Cookie", beaSession).body().lines().toList()) {
          String tenant = tree(line).path("tenant").asText();
          if (!"shop-b".equals(tenant)) {
            failures.add(who + " " + route + ": shows an entry of " + tenant);
          }
        }
      } else if (route.equals("GET /api/v1/audit") && s == 200) {
        // The audit log shows what B's own users did (the ids they sent included), never A's.
        for (JsonNode e : TestHttp.json(r).get("items")) {
          if (!"shop-b".equals(e.path("tenant").asText())) {
            failures.add(who + " " + route + ": shows an entry of " + e.path("tenant").asText());
          }
        }
      } else if (isList && s == 200) {
        for (var e : A.entrySet()) {
          if (r.body().contains(e.getValue())) {
            failures.add(who + " " + route + ": lists tenant A's " + e.getKey());
          }
        }
        if (r.body().contains("\"shop-a\"")) {
          failures.add(who + " " + route + ": names tenant A");
        }
      } else if (s == 401 && !route.equals("GET /metrics") && !(ingest && token.equals(bob))) {
        failures.add(who + " " + route + ": 401 (is the token valid?)");
      } else if (privileged && hasId && !route.contains("/ack/") && s != 404) {
        // An admin or analyst of B passes every role check: only the tenant scope stops it.
        failures.add(who + " " + route + ": answered " + s + ", not 404");
      } else if (s != 403 && s != 404 && s != 401) {
        failures.add(
            who
                + " "
                + route
                + ": answered "
                + s
                + " "
                + r.body().substring(0, Math.min(200, r.body().length())));
      }
    }
    return failures;
  }

  @Test
  void aCustomerOfTenantBReachesNoObjectOfTenantA() {
    assertThat(walk("customer", bob, false)).isEmpty();
  }

  @Test
  void anAdminOfTenantBReachesNoObjectOfTenantA() {
    assertThat(walk("admin of B", bAdmin, true)).isEmpty();
  }

  @Test
  void anAnalystOfTenantBReachesNoObjectOfTenantA() {
    assertThat(walk("analyst of B", bAnalyst, false)).isEmpty();
  }

  @Test
  void theWalkersAreRealUsersOfTenantB() {
    for (String t : List.of(bob, bAdmin, bAnalyst)) {
      assertThat(http.get("/api/v1/tenants", "Authorization", "Bearer " + t).body())
          .contains("\"shop-b\"");
    }
  }

  @Test
  void bobsConsoleFormTokenIsValid() {
    String own = IncidentApiTestSupport.incidentOf(rt, "shop-b");

    HttpResponse<String> r =
        http.postForm(
            "/incidents/" + own + "/comment",
            "csrf=" + bobCsrf + "&text=mine",
            "Cookie",
            bobSession);

    assertThat(r.statusCode()).isEqualTo(303);
  }

  @Test
  void tenantAsObjectsAreUnchanged() {
    walk("customer", bob, false);
    walk("admin of B", bAdmin, true);
    walk("analyst of B", bAnalyst, false);

    assertThat(adminGet("/api/v1/sites/" + A.get("site")).statusCode()).isEqualTo(200);
    assertThat(adminGet("/api/v1/exceptions/" + A.get("exception")).statusCode()).isEqualTo(200);
    JsonNode alice = TestHttp.json(adminGet("/api/v1/users/" + A.get("user")));
    assertThat(alice.get("role").asText() + " " + alice.get("disabled").asBoolean())
        .isEqualTo("customer false");
    assertThat(adminGet("/api/v1/ingest-keys").body()).contains(A.get("key"));
    assertThat(
            TestHttp.json(adminGet("/api/v1/ingest-keys")).findValues("revoked").stream()
                .allMatch(n -> !n.asBoolean()))
        .isTrue();

    var i = rt.store().incidents().get(TenantScope.of("shop-a"), A.get("incident")).orElseThrow();
    assertThat(i.status().label()).isEqualTo("new");
    assertThat(i.timeline()).noneMatch(e -> "bob".equals(e.actor()));
    assertThat(rt.store().tenants().find(TenantScope.of("shop-a"), "shop-a").orElseThrow().name())
        .isNotEqualTo("taken over");
  }

  @Test
  void everyRouteIsWalked() {
    assertThat(rt.routes()).hasSizeGreaterThan(50);
  }

  static HttpResponse<String> adminGet(String path) {
    return http.get(path, "Authorization", "Bearer " + admin);
  }

  @Test
  void tenantAsObjectsAreThereForTheSocsAdmin() {
    assertThat(
            List.of(
                adminGet("/api/v1/incidents/" + A.get("incident")).statusCode(),
                adminGet("/api/v1/sites/" + A.get("site")).statusCode(),
                adminGet("/api/v1/users/" + A.get("user")).statusCode(),
                adminGet("/api/v1/exceptions/" + A.get("exception")).statusCode(),
                adminGet("/api/v1/tenants/shop-a").statusCode()))
        .containsOnly(200);
  }

  @Test
  void createsATenantAndAnswersItsId() {
    JsonNode t = post("/api/v1/tenants", "{\"name\":\"Furusato Nozei\"}", admin, 201);

    assertThat(t.get("id").asText()).isEqualTo("furusato-nozei");
  }

  @Test
  void onlyTheSocsAdminCreatesTenants() {
    HttpResponse<String> r =
        http.sendJson(
            "POST", "/api/v1/tenants", "{\"name\":\"X\"}", "Authorization", "Bearer " + bob);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aDisabledUserCannotGetAToken() {
    JsonNode u =
        post(
            "/api/v1/users",
            "{\"username\":\"carol\",\"password\":\"carol-password-long\",\"role\":\"customer\",\"tenant\":\"shop-b\"}",
            admin,
            201);
    post("/api/v1/users/" + u.get("id").asText() + "/disable", "{}", admin, 200);

    HttpResponse<String> r =
        http.postJson(
            "/api/v1/tokens", "{\"username\":\"carol\",\"password\":\"carol-password-long\"}");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void anAnalystAssignedToTenantASeesItsIncidents() {
    post(
        "/api/v1/users",
        "{\"username\":\"ana\",\"password\":\"ana-password-long\",\"role\":\"analyst\",\"tenant\":\"default\",\"tenants\":[\"shop-a\"]}",
        admin,
        201);
    String ana = http.token("ana", "ana-password-long");

    assertThat(
            http.get("/api/v1/incidents/" + A.get("incident"), "Authorization", "Bearer " + ana)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aCustomerAcknowledgesItsOwnTenantsIncident() {
    rt.store().tenants().ensure("shop-c", "Shop C");
    rt.store().users().create("shop-c", "cathy", "cathy-password-long", "customer");
    String cathy = http.token("cathy", "cathy-password-long");
    String id = IncidentApiTestSupport.incidentOf(rt, "shop-c");

    HttpResponse<String> r =
        http.sendJson(
            "POST", "/api/v1/incidents/" + id + "/ack", "{}", "Authorization", "Bearer " + cathy);

    assertThat(TestHttp.json(r).get("status").asText()).isEqualTo("acknowledged");
  }

  @Test
  void aCustomerCannotChangeTheStatus() {
    rt.store().tenants().ensure("shop-d", "Shop D");
    rt.store().users().create("shop-d", "dan", "dan-password-long", "customer");
    String dan = http.token("dan", "dan-password-long");
    String id = IncidentApiTestSupport.incidentOf(rt, "shop-d");

    HttpResponse<String> r =
        http.sendJson(
            "POST",
            "/api/v1/incidents/" + id + "/status",
            "{\"status\":\"resolved\"}",
            "Authorization",
            "Bearer " + dan);

    assertThat(r.statusCode()).isEqualTo(403);
  }
}
