package dev.mimamori.server;

import dev.mimamori.pipeline.SourceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Starts a real server on a free port over a temporary data directory and an attack log. */
final class ServerFixture {
  static final String ADMIN_PASSWORD = "test-admin-password-1";
  static final String XSS_RAW =
      "203.0.113.45 - - [21/Nov/2026:10:02:20 +0900] \"GET /contact?name=<script>alert(1)</script> HTTP/1.1\" 200 19005 \"-\" \"Mozilla/5.0\"";
  static final List<String> ATTACK =
      List.of(
          "192.0.2.10 - - [21/Nov/2026:10:00:00 +0900] \"GET /products/detail/12 HTTP/1.1\" 200 18000 \"-\" \"Mozilla/5.0\"",
          XSS_RAW,
          "198.51.100.10 - - [21/Nov/2026:14:32:35 +0900] \"POST /admin/order/1042/mail HTTP/1.1\" 200 31002 \"-\" \"Mozilla/5.0\"",
          "198.51.100.10 - - [21/Nov/2026:14:32:53 +0900] \"POST /admin/content/file_manager HTTP/1.1\" 302 0 \"-\" \"Mozilla/5.0\"",
          "203.0.113.77 - - [21/Nov/2026:16:05:00 +0900] \"POST /html/user_data/packages.php HTTP/1.1\" 200 2211 \"-\" \"Mozilla/5.0\"");

  static Path writeLog(Path dir) throws IOException {
    Path log = dir.resolve("access.log");
    Files.write(log, ATTACK, StandardCharsets.UTF_8);
    return log;
  }

  /**
   * The tests of other features sign in with a password alone (a lab server); SecondFactorTest runs
   * with the second factor required, as {@code serve} does by default.
   */
  static ServerConfig config(Path dataDir, Path log, String db) {
    return ServerConfig.of(
            "127.0.0.1",
            0,
            dataDir,
            db,
            List.of(new SourceSpec(log, "combined", "shop-a", "furusato-shop.example.jp", true)))
        .withSingleFactorAllowed(true)
        .withAgents(new ServerConfig.Agents(0, List.of(), Duration.ofSeconds(60)));
  }

  static MimamoriRuntime start(Path dataDir, Path log) {
    return MimamoriRuntime.start(config(dataDir, log, null), Clock.systemUTC(), ADMIN_PASSWORD);
  }

  /** Waits until the pipeline has stored the alerts of the whole log. */
  static void awaitAlerts(MimamoriRuntime rt, long alerts) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (rt.pipeline().stats().alerts() < alerts || !rt.pipeline().flush(Duration.ofSeconds(5))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "pipeline produced only " + rt.pipeline().stats().alerts() + " alerts");
      }
      Thread.sleep(20);
    }
  }
}
