package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's overview pages in the JSON API, and signing a token out. */
class OverviewApiTest {
  @TempDir static java.nio.file.Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String carol;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store().tenants().ensure("shop-b", "Shop B");
    rt.store().users().create("shop-b", "carol", "carol-password-long", "customer");
    carol = http.token("carol", "carol-password-long");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static JsonNode get(String path, String token) {
    HttpResponse<String> r = http.get(path, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return TestHttp.json(r);
  }

  @Test
  void countsTheOpenIncidentsOfTheCallersTenantsOnTheDashboard() {
    long open = 0;
    for (var c : get("/api/v1/dashboard", admin).get("open_by_severity")) {
      open += c.asLong();
    }

    assertThat(open)
        .isEqualTo(
            rt.store()
                .incidents()
                .list(dev.mimamori.store.TenantScope.allTenants(), null, 500, 0)
                .total());
  }

  @Test
  void showsAnotherTenantsShopsToNobodyOnTheDashboard() {
    assertThat(get("/api/v1/dashboard", carol).toString()).doesNotContain("shop-a");
  }

  @Test
  void listsFileChangesOfTheCallersTenantsOnly() {
    assertThat(get("/api/v1/file-changes", carol).get("items")).isEmpty();
  }

  @Test
  void refusesTheOnCallScheduleToACustomer() {
    HttpResponse<String> r = http.get("/api/v1/oncall", "Authorization", "Bearer " + carol);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void refusesTheChannelsToACustomer() {
    HttpResponse<String> r = http.get("/api/v1/channels", "Authorization", "Bearer " + carol);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void answersTheChannelsToTheSocsAdmin() {
    assertThat(get("/api/v1/channels", admin).has("routes")).isTrue();
  }

  @Test
  void endsTheTokenThatSignsOut() {
    String t = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    http.sendJson("DELETE", "/api/v1/tokens/current", "", "Authorization", "Bearer " + t);

    assertThat(http.get("/api/v1/incidents", "Authorization", "Bearer " + t).statusCode())
        .isEqualTo(401);
  }
}
