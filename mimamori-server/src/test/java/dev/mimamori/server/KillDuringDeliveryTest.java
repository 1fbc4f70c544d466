package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.server.notify.WebhookReceiverForServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL while a receiver holds its webhook request open loses no
 * notification: the restarted server sends each again (with the same idempotency key) once the dead
 * one's lease has run out, and each is accepted exactly once.
 */
class KillDuringDeliveryTest {
  @TempDir Path dir;

  Process serve(Path notify, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ServeForTest.class.getName(),
                dir.resolve("data").toString(),
                log.toString(),
                notify.toString())
            .redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith("port ")) {
        // Keep draining its output so it never blocks on a full pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (java.io.IOException e) {
                    // the process ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.destroyForcibly();
    throw new AssertionError("the server did not start");
  }

  @Test
  void aKilledServerLosesNoNotificationAndSendsEachOnce() throws Exception {
    try (WebhookReceiverForServer receiver = new WebhookReceiverForServer()) {
      receiver.stall(true);
      Path notify = dir.resolve("notify.json");
      Files.writeString(
          notify,
          """
          {
            "channels": [{"name": "hook", "type": "webhook", "url": "%s",
                          "secret": "a-shared-secret-of-some-length", "request_timeout": "60s"}],
            "routes": [{"channel": "hook", "min_severity": "info", "kinds": ["opened", "escalated"]}],
            "delivery": {"lease": "3s", "first_retry": "200ms", "poll": "100ms"}
          }
          """
              .formatted(receiver.url()));
      Path log = ServerFixture.writeLog(dir);

      Process first = serve(notify, log);
      assertThat(receiver.awaitStalled(60)).isTrue();
      Thread.sleep(500); // let every sender thread reach the stalled receiver
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Set<String> inFlight = new HashSet<>(receiver.seen());
      receiver.stall(false);

      Process second = serve(notify, log);
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!new HashSet<>(receiver.accepted()).containsAll(inFlight)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        Thread.sleep(1000); // anything sent twice would arrive by now
      } finally {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }

      List<String> accepted = new ArrayList<>(receiver.accepted());
      assertThat(inFlight).isNotEmpty();
      assertThat(accepted).containsAll(inFlight);
      assertThat(accepted).doesNotHaveDuplicates();
    }
  }
}
