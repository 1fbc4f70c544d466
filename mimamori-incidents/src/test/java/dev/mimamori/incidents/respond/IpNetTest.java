package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpNetTest {
  @Test
  void aSingleAddressHasNoPrefixInItsText() throws Exception {
    IpNet n = IpNet.parse("203.0.113.7");
    assertThat(n.isSingle()).isTrue();
    assertThat(n.toString()).isEqualTo("203.0.113.7");
    assertThat(n.cidr()).isEqualTo("203.0.113.7/32");
  }

  @Test
  void aNetworkIsHeldByItsFirstAddress() throws Exception {
    assertThat(IpNet.parse("203.0.113.77/24").toString()).isEqualTo("203.0.113.0/24");
    assertThat(IpNet.parse("2001:db8::1/48").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/48");
  }

  @Test
  void aFullLengthPrefixIsOneAddress() throws Exception {
    assertThat(IpNet.parse("203.0.113.7/32")).isEqualTo(IpNet.parse("203.0.113.7"));
    assertThat(IpNet.parse("2001:db8::1/128").toString()).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aNetworkContainsItsAddressesOnly() throws Exception {
    IpNet net = IpNet.parse("198.51.100.0/24");
    assertThat(net.contains(IpNet.parse("198.51.100.200"))).isTrue();
    assertThat(net.contains(IpNet.parse("198.51.101.1"))).isFalse();
    assertThat(net.contains(IpNet.parse("198.51.0.0/16"))).isFalse();
    assertThat(net.contains(IpNet.parse("2001:db8::1"))).isFalse();
  }

  @Test
  void refusesAnythingButLiterals() {
    for (String bad :
        new String[] {
          "evil.example",
          "1.2.3.4; drop",
          "1.2.3.4/33",
          "1.2.3.4/-1",
          "1.2.3.4/",
          "::1/129",
          "256.1.1.1",
          "1.2.3",
          "",
          "1.2.3.4 /24",
          "{ 1.2.3.4 }"
        }) {
      assertThatThrownBy(() -> IpNet.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.temporary()).isFalse());
    }
  }
}
