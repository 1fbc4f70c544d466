package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.uptime.DnsQuery.DnsType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DnsCheckTest {
  static final List<String> ZONE =
      List.of(
          "--host-record=shop.test,192.0.2.1",
          "--host-record=shop.test,192.0.2.2",
          "--cname=www.shop.test,shop.test",
          "--mx-host=shop.test,mail.shop.test,10",
          Dnsmasq.nsRecord("shop.test", "ns1.shop.test"));
  static Dnsmasq dnsmasq;
  static DnsCheck check;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Dnsmasq.available(), "dnsmasq not installed (package dnsmasq-base)");
    dnsmasq = new Dnsmasq(ZONE);
    check = new DnsCheck(dnsmasq.address(), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  @Test
  void aRecordsComeBackSorted() {
    assertThat(check.lookup(new DnsQuery("shop.test", DnsType.A)).records())
        .containsExactly("192.0.2.1", "192.0.2.2");
  }

  @Test
  void cnameRecordIsTheTarget() {
    assertThat(check.lookup(new DnsQuery("www.shop.test", DnsType.CNAME)).records())
        .containsExactly("shop.test.");
  }

  @Test
  void mxRecordHasPriorityAndHost() {
    assertThat(check.lookup(new DnsQuery("shop.test", DnsType.MX)).records())
        .containsExactly("10 mail.shop.test.");
  }

  @Test
  void nsRecordIsTheNameServer() {
    assertThat(check.lookup(new DnsQuery("shop.test", DnsType.NS)).records())
        .containsExactly("ns1.shop.test.");
  }

  @Test
  void refusedQueryIsAFailureNotAnEmptyRecordSet() {
    // dnsmasq without upstream refuses names it does not know; an empty set would read as "removed"
    assertThat(check.lookup(new DnsQuery("nothing.test", DnsType.A)).failure())
        .isEqualTo("REFUSED");
  }

  @Test
  void silentResolverIsAFailureNotAnEmptyAnswer() throws Exception {
    DnsCheck nowhere;
    try (var s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      nowhere =
          new DnsCheck(
              (java.net.InetSocketAddress) s.getLocalSocketAddress(), Duration.ofMillis(500));
      assertThat(nowhere.lookup(new DnsQuery("shop.test", DnsType.A)).answered()).isFalse();
    }
  }
}
