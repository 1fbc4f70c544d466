package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Incident;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.TenantScope;
import dev.mimamori.store.User;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Response actions on a running server: by a person through the API, and by a rule. */
class ResponseActionsServerTest {
  static final String BOUNCER_KEY = "bouncer-key-0123456789abcdef";

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static Path denyFile;

  @BeforeAll
  static void start() throws Exception {
    denyFile = dir.resolve("mimamori-deny.conf");
    Path notify = dir.resolve("respond.json");
    Files.writeString(
        notify,
        """
        {
          "actions": [
            {"name": "block-nginx", "type": "nginx-deny", "deny_file": "%s"},
            {"name": "ban", "type": "crowdsec-ban", "scenario": "mimamori/webshell"}
          ],
          "automatic": [
            {"name": "ban-web-shell-users", "action": "ban", "min_severity": "critical",
             "rule_classes": ["web.webshell"], "ttl": "4h", "dry_run": false}
          ],
          "crowdsec": {"bouncers": [{"name": "nginx-1", "api_key": "%s"}]}
        }
        """
            .formatted(denyFile, BOUNCER_KEY),
        StandardCharsets.UTF_8);
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withNotify(notify);
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static String incident() {
    return rt.store().incidents().list(TenantScope.allTenants(), null, 50, 0).items().stream()
        .filter(i -> i.severity().label().equals("critical"))
        .findFirst()
        .orElseThrow()
        .id();
  }

  static HttpResponse<String> act(String path, String body, String token) {
    return http.sendJson(
        "POST", "/api/v1/incidents/" + incident() + path, body, "Authorization", "Bearer " + token);
  }

  static TimelineEntry lastEntry() {
    Incident i = rt.store().incidents().get(TenantScope.allTenants(), incident()).orElseThrow();
    return i.timeline().get(i.timeline().size() - 1);
  }

  @Test
  void listsTheConfiguredActions() {
    JsonNode r = TestHttp.json(http.get("/api/v1/actions", "Authorization", "Bearer " + admin));

    assertThat(r.get("items").findValuesAsText("name")).containsExactly("ban", "block-nginx");
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
    HttpResponse<String> r =
        act(
            "/actions",
            "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"198.51.100.200\"},\"dry_run\":true}",
            admin);

    assertThat(TestHttp.json(r).get("summary").asText()).startsWith("dry run:");
    assertThat(Files.exists(denyFile) && Files.readString(denyFile).contains("198.51.100.200"))
        .isFalse();
  }

  @Test
  void blocksAnAddressAndRecordsWhoDidIt() throws Exception {
    act(
        "/actions",
        "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"203.0.113.77\"}}",
        admin);

    assertThat(Files.readString(denyFile)).contains("deny 203.0.113.77;");
    assertThat(lastEntry().actor() + ": " + lastEntry().kind()).isEqualTo("admin: action");
  }

  @Test
  void undoesABlock() throws Exception {
    act(
        "/actions",
        "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"192.0.2.99\"}}",
        admin);

    act(
        "/actions/undo",
        "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"192.0.2.99\"}}",
        admin);

    assertThat(Files.readString(denyFile)).doesNotContain("192.0.2.99");
  }

  @Test
  void refusesATargetThatIsNoAddress() {
    HttpResponse<String> r =
        act(
            "/actions",
            "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"1.2.3.4; include /etc/passwd\"}}",
            admin);

    assertThat(r.statusCode()).isEqualTo(422);
  }

  @Test
  void aViewerCannotRunAnAction() {
    rt.store().users().create("default", "viewer2", "viewer-password-long", User.VIEWER);
    String viewer = http.token("viewer2", "viewer-password-long");

    HttpResponse<String> r =
        act(
            "/actions",
            "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"192.0.2.1\"}}",
            viewer);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aTenantsOperatorCannotRunAnActionNotOpenToItsTenant() {
    rt.store().users().create("shop-a", "shop-operator", "operator-password-long", User.OPERATOR);
    String operator = http.token("shop-operator", "operator-password-long");

    HttpResponse<String> r =
        act(
            "/actions",
            "{\"action\":\"block-nginx\",\"target\":{\"type\":\"ip\",\"value\":\"192.0.2.1\"}}",
            operator);

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void aRuleBansTheWebShellsUserForCrowdSecBouncers() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode stream = null;
    while (System.nanoTime() < deadline) {
      stream = TestHttp.json(http.get("/v1/decisions?ip=203.0.113.77", "X-Api-Key", BOUNCER_KEY));
      if (stream != null && stream.isArray() && !stream.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }

    assertThat(stream.get(0).get("value").asText()).isEqualTo("203.0.113.77");
    assertThat(stream.get(0).get("scenario").asText()).isEqualTo("mimamori/webshell");
  }

  @Test
  void aBouncerWithAWrongKeyIsRefused() {
    assertThat(http.get("/v1/decisions/stream?startup=true", "X-Api-Key", "wrong").statusCode())
        .isEqualTo(403);
  }
}
