package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UptimeSchedulerTest {
  static LoopbackHttp server;
  static ExecutorService pool;
  static HttpCheck http;

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackHttp.http();
    pool = Executors.newFixedThreadPool(4);
    http =
        new HttpCheck(
            HttpCheck.newClient(SSLContext.getDefault(), pool), TargetPolicy.lab(Set.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.shutdownNow();
  }

  private static List<Monitor> monitors(int n) {
    DnsCheck dns =
        new DnsCheck(new java.net.InetSocketAddress("127.0.0.1", 9), Duration.ofMillis(100));
    List<Monitor> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CheckSpec spec =
          CheckSpec.of(server.url("/?m=" + i))
              .withInterval(Duration.ofSeconds(10))
              .withTimeout(Duration.ofSeconds(2));
      out.add(
          new Monitor(
              "m" + i,
              spec,
              http,
              TlsCheck.withJdkTrust(Clock.systemUTC()),
              dns,
              Clock.systemUTC()));
    }
    return out;
  }

  @Test
  void everyMonitorRunsInItsFirstIntervalsWithoutSkips() throws Exception {
    ConcurrentHashMap<String, Integer> runs = new ConcurrentHashMap<>();
    try (UptimeScheduler s =
        new UptimeScheduler(Clock.systemUTC(), 8, r -> runs.merge(r.target(), 1, Integer::sum))) {
      s.replaceAll(monitors(100));
      // Starts are spread over the first 10 s interval; a loaded machine may start the last ones
      // a little late, so the test waits for them rather than for a fixed time.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (runs.size() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      assertThat(List.of(runs.size(), s.stats().skipped())).containsExactly(100, 0L);
    }
  }

  @Test
  void removedMonitorStopsRunning() throws Exception {
    ConcurrentHashMap<String, Integer> runs = new ConcurrentHashMap<>();
    try (UptimeScheduler s =
        new UptimeScheduler(Clock.systemUTC(), 2, r -> runs.merge(r.target(), 1, Integer::sum))) {
      List<Monitor> two = monitors(2);
      s.replaceAll(two); // m0 at once, m1 after 5 s
      Thread.sleep(500);
      s.replaceAll(two.subList(0, 1));
      Thread.sleep(5_500);

      assertThat(runs).containsOnlyKeys("m0");
    }
  }
}
