package dev.mimamori.bench;

import com.sun.net.httpserver.HttpServer;
import dev.mimamori.uptime.CheckSpec;
import dev.mimamori.uptime.DnsCheck;
import dev.mimamori.uptime.DriftStats;
import dev.mimamori.uptime.HttpCheck;
import dev.mimamori.uptime.Monitor;
import dev.mimamori.uptime.TargetPolicy;
import dev.mimamori.uptime.TlsCheck;
import dev.mimamori.uptime.UptimeScheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Scheduler drift with many monitors on one node: N loopback URLs (spread over 10 JDK HTTP servers
 * in the same JVM) checked every interval for a duration, reporting p50/p99/max drift (actual start
 * minus scheduled start) and checks started versus due. Not JMH: the figure is a schedule's
 * accuracy over minutes, not a hot loop.
 *
 * <pre>
 * java -cp mimamori-bench/target/benchmarks.jar dev.mimamori.bench.UptimeBench \
 *     --targets 1000 --interval 30 --duration 120 --workers 32
 * </pre>
 */
public final class UptimeBench {
  /** The run's parameters. */
  public record Options(int targets, Duration interval, Duration duration, int workers) {}

  /** The figures. */
  public record Result(Options options, DriftStats.Snapshot drift, long responses) {
    @Override
    public String toString() {
      return String.format(
          "targets %d, interval %d s, duration %d s, workers %d: due %d, started %d, skipped %d,"
              + " drift p50 %.1f ms, p99 %.1f ms, max %.1f ms, responses %d",
          options.targets(),
          options.interval().toSeconds(),
          options.duration().toSeconds(),
          options.workers(),
          drift.due(),
          drift.started(),
          drift.skipped(),
          drift.p50().toNanos() / 1e6,
          drift.p99().toNanos() / 1e6,
          drift.max().toNanos() / 1e6,
          responses);
    }
  }

  private UptimeBench() {}

  public static void main(String[] args) throws Exception {
    int targets = 1000;
    long interval = 30;
    long duration = 120;
    int workers = 32;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--targets" -> targets = Integer.parseInt(args[i + 1]);
        case "--interval" -> interval = Long.parseLong(args[i + 1]);
        case "--duration" -> duration = Long.parseLong(args[i + 1]);
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(
        run(
            new Options(
                targets, Duration.ofSeconds(interval), Duration.ofSeconds(duration), workers)));
  }

  public static Result run(Options o) throws IOException, InterruptedException {
    AtomicLong responses = new AtomicLong();
    List<HttpServer> servers = new ArrayList<>();
    ExecutorService serverPool = Executors.newFixedThreadPool(8);
    ExecutorService clientPool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 10; i++) {
        HttpServer s =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        s.setExecutor(serverPool);
        s.createContext("/", ex -> page(ex.getResponseBody(), ex, responses));
        s.start();
        servers.add(s);
      }
      HttpCheck http;
      try {
        http =
            new HttpCheck(
                HttpCheck.newClient(SSLContext.getDefault(), clientPool),
                TargetPolicy.lab(Set.of()));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      TlsCheck tls = TlsCheck.withJdkTrust(Clock.systemUTC());
      DnsCheck dns = new DnsCheck(new InetSocketAddress("127.0.0.1", 53), Duration.ofSeconds(1));
      List<Monitor> monitors = new ArrayList<>();
      for (int i = 0; i < o.targets(); i++) {
        int port = servers.get(i % servers.size()).getAddress().getPort();
        CheckSpec spec =
            CheckSpec.of(URI.create("http://127.0.0.1:" + port + "/item/" + i))
                .withInterval(o.interval())
                .withTimeout(Duration.ofSeconds(5))
                .withKeyword("shop")
                .withWatchContent(true);
        monitors.add(new Monitor("m" + i, spec, http, tls, dns, Clock.systemUTC()));
      }
      try (UptimeScheduler scheduler =
          new UptimeScheduler(Clock.systemUTC(), o.workers(), r -> {})) {
        scheduler.replaceAll(monitors);
        Thread.sleep(o.duration().toMillis());
        return new Result(o, scheduler.stats(), responses.get());
      }
    } finally {
      servers.forEach(s -> s.stop(0));
      serverPool.shutdownNow();
      clientPool.shutdownNow();
    }
  }

  private static void page(
      OutputStream body, com.sun.net.httpserver.HttpExchange ex, AtomicLong responses)
      throws IOException {
    byte[] b =
        ("<html><body>The shop's page " + ex.getRequestURI().getPath() + "</body></html>")
            .getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    try (body) {
      body.write(b);
    }
    responses.incrementAndGet();
  }
}
