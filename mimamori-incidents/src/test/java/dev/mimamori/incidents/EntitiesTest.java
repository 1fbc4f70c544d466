package dev.mimamori.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntitiesTest {
  private static Alert alert(String ip, Observable... o) {
    return new Alert(
        "a",
        "r",
        "t",
        "web.test",
        Severity.LOW,
        "t",
        "s",
        Instant.EPOCH,
        ip,
        List.of(),
        Set.of(o),
        null);
  }

  @Test
  void anAddressGivesItsNetwork() {
    assertThat(Entities.of(alert("198.51.100.23"))).contains("net:198.51.100.0/24");
  }

  @Test
  void aFullIpv6AddressGivesItsSlash64() {
    assertThat(Entities.network("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
  }

  @Test
  void aUrlGivesItsPathWithoutTheQuery() {
    assertThat(Entities.of(alert(null, Observable.url("/user_data/x.php?c=id"))))
        .contains("url:/user_data/x.php", "file:x.php");
  }

  @Test
  void anAbsoluteUrlGivesItsHost() {
    assertThat(Entities.of(alert(null, Observable.url("https://Evil.example/s.js"))))
        .contains("host:evil.example");
  }

  @Test
  void userAgentsAreNotEntities() {
    assertThat(Entities.of(alert(null, new Observable(Observable.Type.USER_AGENT, "Mozilla/5.0"))))
        .containsExactly("rule:r");
  }

  @Test
  void aTextThatIsNoAddressGivesNoNetwork() {
    assertThat(Entities.network("not-an-ip")).isNull();
  }

  @Test
  void aSessionIsAnEntity() {
    assertThat(Entities.of(alert(null, new Observable(Observable.Type.SESSION, "s-3f9a"))))
        .contains("session:s-3f9a");
  }
}
