package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FimServerTest {
  @TempDir Path dir;

  @Test
  void aShellDroppedIntoTheWatchedShopBecomesACriticalIncident() throws Exception {
    Path shop = dir.resolve("shop");
    Files.createDirectories(shop.resolve("html/user_data"));
    Files.writeString(shop.resolve("index.php"), "<?php require 'app.php';\n");
    ServerConfig config =
        ServerConfig.of("127.0.0.1", 0, dir.resolve("data"), null, List.of())
            .withSingleFactorAllowed(true)
            .withFim(List.of(new ServerConfig.FimRoot(shop, "city", "furusato-shop")));
    try (MimamoriRuntime rt =
        MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD)) {
      Path baseline = dir.resolve("data/fim");
      for (int i = 0; i < 200 && !hasBaseline(baseline); i++) {
        Thread.sleep(50);
      }
      Thread.sleep(300);
      Files.writeString(shop.resolve("html/user_data/ba5e1f.php"), "<?php @eval($_POST['x']);\n");
      TestHttp http = new TestHttp(rt.port());
      String auth = "Bearer " + http.token("admin", ServerFixture.ADMIN_PASSWORD);
      JsonNode page = null;
      for (int i = 0; i < 200; i++) {
        page = TestHttp.json(http.get("/api/v1/incidents", "Authorization", auth));
        if (page.get("total").asInt() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      JsonNode incident = page.get("items").get(0);
      assertThat(List.of(incident.get("severity").asText(), incident.get("tenant").asText()))
          .containsExactly("critical", "city");
    }
  }

  private static boolean hasBaseline(Path fim) throws java.io.IOException {
    if (!Files.isDirectory(fim)) {
      return false;
    }
    try (var s = Files.walk(fim)) {
      return s.anyMatch(p -> p.getFileName().toString().equals("baseline.bin"));
    }
  }
}
