package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
  @Test
  void wildcardCoversHostsUnderTheDomain() {
    HostPolicy p = new HostPolicy(List.of("*.veritrans.co.jp"), List.of());
    assertThat(p.mayReceiveCardData("api.veritrans.co.jp")).isTrue();
  }

  @Test
  void wildcardDoesNotCoverALookalikeDomain() {
    HostPolicy p = new HostPolicy(List.of("*.veritrans.co.jp"), List.of());
    assertThat(p.mayReceiveCardData("api.veritrans.co.jp.evil.example")).isFalse();
  }

  @Test
  void allowedHostMayBeContactedButNotReceiveCardData() {
    HostPolicy p = new HostPolicy(List.of(), List.of("www.googletagmanager.com"));
    assertThat(
            List.of(
                p.mayBeContacted("www.googletagmanager.com"),
                p.mayReceiveCardData("www.googletagmanager.com")))
        .containsExactly(true, false);
  }

  @Test
  void readsBothListsFromYaml() {
    HostPolicy p =
        HostPolicy.parse("payment_hosts: [API.Stripe.com]\nallowed_hosts: [cdn.example.jp]\n");
    assertThat(p).isEqualTo(new HostPolicy(List.of("api.stripe.com"), List.of("cdn.example.jp")));
  }

  @Test
  void somethingThatIsNotAHostNameIsRefused() {
    assertThatThrownBy(() -> HostPolicy.parse("payment_hosts: ['https://x/;drop']\n"))
        .hasMessageStartingWith("payment_hosts: not a host name");
  }

  @Test
  void listThatIsAStringIsRefused() {
    assertThatThrownBy(() -> HostPolicy.parse("allowed_hosts: cdn.example.jp\n"))
        .hasMessage("allowed_hosts must be a list of host names");
  }
}
