package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.PostgresTestServer;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  @TempDir Path dir;

  JsonNode incidents(MimamoriRuntime rt) {
    TestHttp http = new TestHttp(rt.port());
    return TestHttp.json(
        http.get(
            "/api/v1/incidents",
            "Authorization",
            "Bearer " + http.token("admin", ServerFixture.ADMIN_PASSWORD)));
  }

  @Test
  void showsTheSameIncidentsAfterARestartOnTheSameDataDirectory() throws Exception {
    Path log = ServerFixture.writeLog(dir);
    JsonNode before;
    try (MimamoriRuntime rt = ServerFixture.start(dir.resolve("data"), log)) {
      ServerFixture.awaitAlerts(rt, 4);
      before = incidents(rt);
    }
    try (MimamoriRuntime rt = ServerFixture.start(dir.resolve("data"), log)) {
      rt.pipeline().flush(java.time.Duration.ofSeconds(10));
      Thread.sleep(500); // a reader that wrongly re-read the log would add alerts by now
      rt.pipeline().flush(java.time.Duration.ofSeconds(10));

      assertThat(incidents(rt)).isEqualTo(before);
      assertThat(rt.pipeline().stats().linesRead()).isZero();
    }
  }

  @Test
  void runsTheSamePathOnPostgresql() throws Exception {
    String db = PostgresTestServer.get().newDatabaseUrl();
    Path log = ServerFixture.writeLog(dir);
    try (MimamoriRuntime rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), log, db),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD)) {
      ServerFixture.awaitAlerts(rt, 4);

      JsonNode page = incidents(rt);

      assertThat(page.get("total").asInt()).isEqualTo(1);
      assertThat(page.get("items").get(0).get("alert_count").asInt()).isEqualTo(4);
    }
  }
}
