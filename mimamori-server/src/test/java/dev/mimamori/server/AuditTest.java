package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log: sign-ins and changes, who, what, when, from where; read and exported by admins.
 */
class AuditTest {
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

  static JsonNode audit() {
    return TestHttp.json(http.get("/api/v1/audit", "Authorization", "Bearer " + admin));
  }

  @Test
  void recordsASignIn() {
    assertThat(audit().get("items").findValuesAsText("action")).contains("login");
  }

  @Test
  void recordsAFailedSignInWithItsAddress() {
    http.postJson("/api/v1/tokens", "{\"username\":\"admin\",\"password\":\"wrong-password-x\"}");

    assertThat(audit().get("items"))
        .anySatisfy(
            e ->
                assertThat(e.get("outcome").asText() + " " + e.get("source_ip").asText())
                    .isEqualTo("refused 127.0.0.1"));
  }

  @Test
  void recordsAChangeWithItsAuthorAndTarget() {
    String id =
        rt.store().incidents().list(TenantScope.allTenants(), null, 1, 0).items().get(0).id();
    http.sendJson(
        "POST",
        "/api/v1/incidents/" + id + "/comments",
        "{\"text\":\"seen\"}",
        "Authorization",
        "Bearer " + admin);

    assertThat(audit().get("items"))
        .anySatisfy(
            e ->
                assertThat(
                        e.get("actor").asText()
                            + " "
                            + e.get("action").asText()
                            + " "
                            + e.get("target").asText())
                    .isEqualTo("admin POST /api/v1/incidents/{id}/comments " + id));
  }

  @Test
  void aCustomerCannotReadTheAuditLog() {
    rt.store().users().create("shop-a", "audit-cust", "customer-password-long", User.CUSTOMER);
    String c = http.token("audit-cust", "customer-password-long");

    assertThat(http.get("/api/v1/audit", "Authorization", "Bearer " + c).statusCode())
        .isEqualTo(403);
  }

  @Test
  void exportsCsvWithFormulasNeutralised() {
    http.postJson(
        "/api/v1/tokens", "{\"username\":\"=HYPERLINK(1)\",\"password\":\"x-password-xx\"}");

    HttpResponse<String> r =
        http.get("/api/v1/audit?format=csv", "Authorization", "Bearer " + admin);

    assertThat(r.body()).startsWith("at,tenant,actor").contains("\"'=HYPERLINK(1)\"");
  }

  @Test
  void exportsJsonLines() {
    HttpResponse<String> r =
        http.get("/api/v1/audit?format=jsonl", "Authorization", "Bearer " + admin);

    assertThat(r.body().lines().map(TestHttpJson::parse))
        .allSatisfy(n -> assertThat(n.has("actor")).isTrue());
  }

  @Test
  void aTenantsAdminSeesWhatTheSocChangedOnItsObjects() {
    rt.store().users().create("shop-a", "shop-a-admin", "shop-admin-password", User.ADMIN);
    String shopAdmin = http.token("shop-a-admin", "shop-admin-password");
    String id =
        rt.store().incidents().list(TenantScope.of("shop-a"), null, 1, 0).items().get(0).id();
    http.sendJson(
        "POST",
        "/api/v1/incidents/" + id + "/comments",
        "{\"text\":\"from the SOC\"}",
        "Authorization",
        "Bearer " + admin);

    JsonNode seen =
        TestHttp.json(http.get("/api/v1/audit", "Authorization", "Bearer " + shopAdmin));

    assertThat(seen.get("items"))
        .anySatisfy(
            e ->
                assertThat(e.get("actor").asText() + " " + e.get("detail").asText())
                    .isEqualTo("admin by a user of default"));
  }
}
