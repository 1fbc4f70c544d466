package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void matchesAnIpv6AddressWithAnEmbeddedIpv4Tail() {
    assertThat(Cidr.parse("64:ff9b::/96").contains("64:ff9b::192.0.2.33")).isTrue();
  }

  @Test
  void matchesAPrefixThatIsNotAByteBoundary() {
    assertThat(Cidr.parse("172.16.0.0/12").contains("172.31.255.255")).isTrue();
  }

  @Test
  void doesNotMatchJustOutsideAPrefix() {
    assertThat(Cidr.parse("172.16.0.0/12").contains("172.32.0.0")).isFalse();
  }

  @Test
  void neverResolvesAHostName() {
    assertThat(Cidr.parse("127.0.0.0/8").contains("localhost")).isFalse();
  }

  @Test
  void rejectsAnOctetOver255() {
    assertThatThrownBy(() -> Cidr.parse("256.1.1.1/8"))
        .hasMessage("'256.1.1.1/8' is not an IPv4 or IPv6 network");
  }

  @Test
  void rejectsAPrefixLongerThanTheAddress() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix length over 32");
  }

  @Test
  void readsTheIpv6Loopback() {
    assertThat(Cidr.parse("::1/128").contains("::1")).isTrue();
  }
}
