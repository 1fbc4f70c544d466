package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.User;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lists' {@code cursor} and {@code next_cursor}: keyset pages over the API. */
class CursorPagingTest {
  static final String PASSWORD = "pager-password-long";

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  /** A customer of a tenant of its own, so only the test's incidents are in its lists. */
  static String customerOfNewTenant(String tenant) {
    rt.store().tenants().ensure(tenant, tenant);
    rt.store().users().create(tenant, tenant + "-viewer", PASSWORD, User.VIEWER);
    return http.token(tenant + "-viewer", PASSWORD);
  }

  static JsonNode get(String token, String path) {
    HttpResponse<String> r = http.get(path, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return TestHttp.json(r);
  }

  static HttpResponse<String> raw(String path) {
    return http.get(path, "Authorization", "Bearer " + admin);
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Walks a list by its cursors, adding an incident after each page. */
  static List<String> walk(String token, String tenant, String list, String idField) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get(
              token,
              "/api/v1/" + list + "?limit=2" + (cursor == null ? "" : "&cursor=" + q(cursor)));
      page.get("items").forEach(i -> seen.add(i.get(idField).asText()));
      IncidentApiTestSupport.incidentOf(rt, tenant);
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return seen;
  }

  @Test
  void pagingIncidentsByCursorWhileIncidentsAreAddedReturnsEveryEarlierOneOnce() {
    String token = customerOfNewTenant("paging-i");
    List<String> before = new ArrayList<>();
    for (int n = 0; n < 7; n++) {
      before.add(IncidentApiTestSupport.incidentOf(rt, "paging-i"));
    }

    List<String> seen = walk(token, "paging-i", "incidents", "id");

    assertThat(seen.stream().filter(before::contains)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void pagingAlertsByCursorWhileAlertsAreAddedReturnsEveryEarlierOneOnce() {
    String token = customerOfNewTenant("paging-a");
    for (int n = 0; n < 5; n++) {
      IncidentApiTestSupport.incidentOf(rt, "paging-a");
    }
    List<String> before = new ArrayList<>();
    get(token, "/api/v1/alerts?limit=100")
        .get("items")
        .forEach(a -> before.add(a.get("id").asText()));

    List<String> seen = walk(token, "paging-a", "alerts", "id");

    assertThat(seen.stream().filter(before::contains)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void theFirstOffsetPageGivesACursorToGoOnWith() {
    JsonNode page = get(admin, "/api/v1/alerts?limit=1");

    assertThat(page.get("next_cursor").asText()).isNotEmpty();
  }

  @Test
  void pagingTheAuditLogByCursorReturnsTheWholeRangeInOrder() {
    for (int n = 0; n < 5; n++) {
      http.token("admin", ServerFixture.ADMIN_PASSWORD); // each sign-in is an entry
    }
    String latest = get(admin, "/api/v1/audit?limit=1").get("items").get(0).get("at").asText();
    String range = "&to=" + q(java.time.Instant.parse(latest).plusMillis(1).toString());
    List<String> whole = new ArrayList<>();
    get(admin, "/api/v1/audit?limit=10000" + range)
        .get("items")
        .forEach(e -> whole.add(e.toString()));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get(
              admin,
              "/api/v1/audit?limit=2" + range + (cursor == null ? "" : "&cursor=" + q(cursor)));
      page.get("items").forEach(e -> seen.add(e.toString()));
      http.token("admin", ServerFixture.ADMIN_PASSWORD); // a newer entry, outside the range
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);

    assertThat(seen).hasSizeGreaterThanOrEqualTo(5).isEqualTo(whole);
  }

  @Test
  void refusesATamperedCursorWithProblemDetails() {
    String cursor = get(admin, "/api/v1/incidents?limit=1").get("next_cursor").asText();
    String tampered = cursor.substring(0, cursor.length() - 3) + "!!!";

    HttpResponse<String> r = raw("/api/v1/incidents?cursor=" + q(tampered));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void refusesACursorOfAnotherList() {
    String alertsCursor = get(admin, "/api/v1/alerts?limit=1").get("next_cursor").asText();

    assertThat(raw("/api/v1/incidents?cursor=" + q(alertsCursor)).statusCode()).isEqualTo(400);
  }

  @Test
  void refusesACursorThatIsNotOneOfOurs() {
    String forged =
        Base64.getUrlEncoder()
            .encodeToString("v1|incidents|soon|x".getBytes(StandardCharsets.UTF_8));

    assertThat(raw("/api/v1/incidents?cursor=" + q(forged)).statusCode()).isEqualTo(400);
  }

  @Test
  void refusesACursorWithAnOffset() {
    String cursor = get(admin, "/api/v1/incidents?limit=1").get("next_cursor").asText();

    assertThat(raw("/api/v1/incidents?offset=1&cursor=" + q(cursor)).statusCode()).isEqualTo(400);
  }

  @Test
  void aCursorFromAnotherTenantsListShowsOnlyTheCallersOwn() {
    String a = customerOfNewTenant("cursor-a");
    String b = customerOfNewTenant("cursor-b");
    IncidentApiTestSupport.incidentOf(rt, "cursor-a");
    IncidentApiTestSupport.incidentOf(rt, "cursor-a");
    String mine = IncidentApiTestSupport.incidentOf(rt, "cursor-b");
    String cursorOfA = get(a, "/api/v1/incidents?limit=1").get("next_cursor").asText();

    JsonNode page = get(b, "/api/v1/incidents?cursor=" + q(cursorOfA));

    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("id").asText()));
    assertThat(ids).isSubsetOf(mine);
  }
}
