package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.uptime.DnsQuery.DnsType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorTest {
  LoopbackHttp server;
  ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    server = LoopbackHttp.http();
  }

  @AfterEach
  void stop() {
    server.close();
    pool.shutdownNow();
  }

  private Monitor monitor(CheckSpec spec, DnsCheck dns) throws Exception {
    HttpCheck http =
        new HttpCheck(
            HttpCheck.newClient(SSLContext.getDefault(), pool), TargetPolicy.lab(Set.of()));
    return new Monitor(
        "shop", spec, http, TlsCheck.withJdkTrust(Clock.systemUTC()), dns, Clock.systemUTC());
  }

  private DnsCheck noDns() {
    return new DnsCheck(new java.net.InetSocketAddress("127.0.0.1", 9), Duration.ofMillis(100));
  }

  @Test
  void changedPageIsContentChanged() throws Exception {
    Monitor m = monitor(CheckSpec.of(server.url("/")).withWatchContent(true), noDns());
    m.check();
    server.page.set("<html><body>Welcome<script src=//evil.example/x.js></script></body></html>");

    assertThat(m.check().events()).singleElement().isInstanceOf(UptimeEvent.ContentChanged.class);
  }

  @Test
  void unchangedPageIsNoEvent() throws Exception {
    Monitor m = monitor(CheckSpec.of(server.url("/")).withWatchContent(true), noDns());
    m.check();

    assertThat(m.check().events()).isEmpty();
  }

  @Test
  void changedMxRecordIsDnsChangedWithBeforeAndAfter() throws Exception {
    assumeTrue(Dnsmasq.available(), "dnsmasq not installed (package dnsmasq-base)");
    try (Dnsmasq dnsmasq = new Dnsmasq(List.of("--mx-host=shop.test,mail.shop.test,10"))) {
      DnsQuery mx = new DnsQuery("shop.test", DnsType.MX);
      Monitor m =
          monitor(
              CheckSpec.of(server.url("/")).withDns(List.of(mx)),
              new DnsCheck(dnsmasq.address(), Duration.ofSeconds(2)));
      m.check();
      dnsmasq.serve(List.of("--mx-host=shop.test,mx.attacker.test,10"));

      assertThat(m.check().events())
          .singleElement()
          .usingRecursiveComparison()
          .ignoringFields("at")
          .isEqualTo(
              new UptimeEvent.DnsChanged(
                  "shop",
                  java.time.Instant.EPOCH,
                  mx,
                  List.of("10 mail.shop.test."),
                  List.of("10 mx.attacker.test.")));
    }
  }
}
