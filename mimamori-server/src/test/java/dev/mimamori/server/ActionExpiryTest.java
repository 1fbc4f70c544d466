package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.MutableClock;
import dev.mimamori.store.TenantScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Actions with an expiry are undone when it runs out, and survive a restart of the server. */
class ActionExpiryTest {
  static final String BOUNCER_KEY = "bouncer-key-0123456789abcdef";

  @TempDir Path dir;
  MutableClock clock;
  MimamoriRuntime rt;
  Path denyFile;
  ServerConfig config;

  @BeforeEach
  void start() throws Exception {
    clock = new MutableClock(Instant.parse("2026-11-26T03:00:00Z"));
    denyFile = dir.resolve("deny.conf");
    Path notify = dir.resolve("respond.json");
    Files.writeString(
        notify,
        """
        {
          "actions": [
            {"name": "block", "type": "nginx-deny", "deny_file": "%s"},
            {"name": "ban", "type": "crowdsec-ban"}
          ],
          "crowdsec": {"bouncers": [{"name": "fw", "api_key": "%s"}]}
        }
        """
            .formatted(denyFile, BOUNCER_KEY),
        StandardCharsets.UTF_8);
    config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withNotify(notify);
    rt = MimamoriRuntime.start(config, clock, ServerFixture.ADMIN_PASSWORD);
    ServerFixture.awaitAlerts(rt, 4);
  }

  @AfterEach
  void stop() {
    rt.close();
  }

  void run(String action, String ip, String ttl) {
    TestHttp http = new TestHttp(rt.port());
    String token = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    String incident =
        rt.store().incidents().list(TenantScope.allTenants(), null, 1, 0).items().get(0).id();
    var r =
        http.sendJson(
            "POST",
            "/api/v1/incidents/" + incident + "/actions",
            "{\"action\":\""
                + action
                + "\",\"target\":{\"type\":\"ip\",\"value\":\""
                + ip
                + "\"},\"ttl\":\""
                + ttl
                + "\"}",
            "Authorization",
            "Bearer " + token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void aBlockIsUndoneWhenItsTimeRunsOut() throws Exception {
    run("block", "198.51.100.9", "1h");
    clock.advance(Duration.ofMinutes(61));

    rt.responses().orElseThrow().undoDueNow();

    assertThat(Files.readString(denyFile)).doesNotContain("198.51.100.9");
  }

  @Test
  void aBlockNotYetExpiredStays() throws Exception {
    run("block", "198.51.100.9", "1h");
    clock.advance(Duration.ofMinutes(59));

    rt.responses().orElseThrow().undoDueNow();

    assertThat(Files.readString(denyFile)).contains("198.51.100.9");
  }

  @Test
  void anExpiryAfterARestartIsStillUndone() throws Exception {
    run("block", "198.51.100.9", "1h");
    rt.close();
    rt = MimamoriRuntime.start(config, clock, ServerFixture.ADMIN_PASSWORD);
    clock.advance(Duration.ofMinutes(61));

    rt.responses().orElseThrow().undoDueNow();

    assertThat(Files.readString(denyFile)).doesNotContain("198.51.100.9");
  }

  @Test
  void aBanIsServedToBouncersAgainAfterARestart() throws Exception {
    run("ban", "198.51.100.10", "4h");
    rt.close();
    rt = MimamoriRuntime.start(config, clock, ServerFixture.ADMIN_PASSWORD);

    JsonNode d =
        TestHttp.json(
            new TestHttp(rt.port())
                .get("/v1/decisions?ip=198.51.100.10", "X-Api-Key", BOUNCER_KEY));

    assertThat(d.get(0).get("value").asText()).isEqualTo("198.51.100.10");
  }
}
