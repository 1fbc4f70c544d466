package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
  @Test
  void cloudMetadataAddressIsRefusedEvenInLabMode() {
    assertThatThrownBy(
            () -> TargetPolicy.lab(Set.of()).check(URI.create("http://169.254.169.254/latest/")))
        .isInstanceOf(TargetRefusedException.class)
        .hasMessageContaining("cloud metadata");
  }

  @Test
  void ipv6MetadataAddressIsRefused() {
    assertThatThrownBy(
            () -> TargetPolicy.lab(Set.of()).check(URI.create("http://[fd00:ec2::254]/latest/")))
        .hasMessageContaining("cloud metadata");
  }

  @Test
  void ownListenPortIsRefusedEvenInLabMode() {
    assertThatThrownBy(
            () -> TargetPolicy.lab(Set.of(8443)).check(URI.create("https://127.0.0.1:8443/")))
        .hasMessageContaining("mimamori's own listen port");
  }

  @Test
  void loopbackIsRefusedOutsideLabMode() {
    assertThatThrownBy(
            () -> TargetPolicy.strict(Set.of()).check(URI.create("http://localhost:8080/")))
        .hasMessageContaining("loopback");
  }

  @Test
  void loopbackIsAllowedInLabMode() {
    assertThatCode(() -> TargetPolicy.lab(Set.of()).check(URI.create("http://localhost:8080/")))
        .doesNotThrowAnyException();
  }

  @Test
  void fileUrlIsRefused() {
    assertThatThrownBy(() -> TargetPolicy.lab(Set.of()).check(URI.create("file:///etc/passwd")))
        .hasMessageContaining("only http and https");
  }

  @Test
  void privateAddressIsRefusedOutsideLabMode() {
    assertThatThrownBy(() -> TargetPolicy.strict(Set.of()).check(URI.create("http://10.0.0.5/")))
        .hasMessageContaining("private address");
  }

  @Test
  void carrierGradeNatAddressIsRefusedOutsideLabMode() {
    assertThatThrownBy(() -> TargetPolicy.strict(Set.of()).check(URI.create("http://100.64.1.1/")))
        .hasMessageContaining("private address");
  }

  @Test
  void uniqueLocalIpv6IsRefusedOutsideLabMode() {
    assertThatThrownBy(() -> TargetPolicy.strict(Set.of()).check(URI.create("http://[fd12::1]/")))
        .hasMessageContaining("private address");
  }

  @Test
  void alibabaMetadataAddressIsRefusedEvenInLabMode() {
    assertThatThrownBy(
            () -> TargetPolicy.lab(Set.of()).check(URI.create("http://100.100.100.200/latest/")))
        .hasMessageContaining("cloud metadata");
  }
}
