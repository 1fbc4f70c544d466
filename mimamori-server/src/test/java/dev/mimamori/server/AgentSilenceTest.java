package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.store.TenantScope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent that stops reporting raises one alert, and a heartbeat ends its silence. */
class AgentSilenceTest {
  @TempDir Path dir;

  @Test
  void anAgentSilentLongerThanTheLimitRaisesOneAlert() throws Exception {
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withAgents(new ServerConfig.Agents(0, List.of(), Duration.ofSeconds(2)));
    try (MimamoriRuntime rt =
        MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD)) {
      String site =
          rt.store()
              .sites()
              .create("shop-a", "quiet", List.of(), List.of("quiet.example"), List.of(), null, null)
              .id();
      var token =
          rt.store()
              .agents()
              .issueToken(TenantScope.of("shop-a"), site, "admin", Duration.ofHours(1))
              .orElseThrow();
      rt.store()
          .agents()
          .redeem(
              token.secret(),
              "agt_quiet",
              "quiet-host",
              "22".repeat(32),
              "33".repeat(32),
              Instant.parse("2099-01-01T00:00:00Z"));
      // Another agent of the site reports once an hour: three hours without a word are silence.
      var slowToken =
          rt.store()
              .agents()
              .issueToken(TenantScope.of("shop-a"), site, "admin", Duration.ofHours(1))
              .orElseThrow();
      rt.store()
          .agents()
          .redeem(
              slowToken.secret(),
              "agt_slow",
              "slow-host",
              "44".repeat(32),
              "55".repeat(32),
              Instant.parse("2099-01-01T00:00:00Z"));
      rt.store().agents().heartbeat("agt_slow", "t", 1, 0, "{\"interval_seconds\":3600}");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<Alert> silent = List.of();
      while (silent.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        silent =
            rt.store()
                .incidents()
                .alertsOfRules(TenantScope.of("shop-a"), "mm-agent-silent", 10, 0)
                .items();
      }
      Thread.sleep(3_000); // a second check must not raise it again
      silent =
          rt.store()
              .incidents()
              .alertsOfRules(TenantScope.of("shop-a"), "mm-agent-silent", 10, 0)
              .items();
      assertThat(silent).hasSize(1);
      assertThat(silent.get(0).title()).contains("quiet-host");
      assertThat(silent).noneSatisfy(al -> assertThat(al.title()).contains("slow-host"));
    }
  }
}
