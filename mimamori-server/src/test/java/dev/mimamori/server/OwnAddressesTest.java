package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the page monitor's browsers may never reach: this server, at every address it answers. */
class OwnAddressesTest {
  static ServerConfig on(String host) {
    return ServerConfig.of(host, 8443, Path.of("/tmp/unused"), null, List.of());
  }

  @Test
  void loopbackAtTheServersPortIsBlocked() {
    assertThat(MimamoriRuntime.ownAddresses(on("127.0.0.1"), 8443))
        .contains("*://127.0.0.1:8443/*", "*://localhost:8443/*", "*://[::1]:8443/*");
  }

  @Test
  void wildcardListenBlocksTheHostsOtherAddresses() throws Exception {
    String lan = null;
    for (java.net.NetworkInterface ni :
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
          lan = a.getHostAddress();
        }
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(lan != null, "a non-loopback IPv4 address");
    assertThat(MimamoriRuntime.ownAddresses(on("0.0.0.0"), 8443))
        .contains("*://" + lan + ":8443/*");
  }

  @Test
  void publicUrlHostIsBlockedOnAnyPort() {
    assertThat(
            MimamoriRuntime.ownAddresses(
                on("127.0.0.1").withPublicUrl("https://soc.example.jp/"), 8443))
        .contains("*://soc.example.jp/*", "*://soc.example.jp:8443/*");
  }
}
