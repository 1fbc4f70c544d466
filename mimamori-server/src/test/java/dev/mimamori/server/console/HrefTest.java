package dev.mimamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Observable;
import org.junit.jupiter.api.Test;

class HrefTest {
  @Test
  void encodesAnAttackersUrlAsAQueryValueOfOurPage() {
    String link = Pivots.incidents(Observable.url("javascript:alert(1)//\"<x>&a=b"));

    assertThat(link)
        .isEqualTo("/incidents?observable=url%3Ajavascript%3Aalert%281%29%2F%2F%22%3Cx%3E%26a%3Db");
  }

  @Test
  void searchesEventsForAnAddressInItsField() {
    assertThat(Pivots.events(Observable.ip("203.0.113.7")))
        .isEqualTo("/events?q=source.ip%3A%22203.0.113.7%22");
  }

  @Test
  void refusesALinkToAnotherHost() {
    assertThatThrownBy(() -> Href.to("//evil.example/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
