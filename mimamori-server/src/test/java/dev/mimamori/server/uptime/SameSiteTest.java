package dev.mimamori.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which DNS names an uptime monitor of a site may ask the server's resolver about. */
class SameSiteTest {
  @Test
  void theUrlsOwnHostIsTheSites() {
    assertThat(UptimeService.sameSite("shop.example.jp", "shop.example.jp")).isTrue();
  }

  @Test
  void theDomainAboveTheHostIsTheSites() {
    assertThat(UptimeService.sameSite("example.jp", "shop.example.jp")).isTrue();
  }

  @Test
  void aSiblingUnderTheSameDomainIsTheSites() {
    assertThat(UptimeService.sameSite("mail.example.jp", "shop.example.jp")).isTrue();
  }

  @Test
  void anInternalNameIsNotTheSites() {
    assertThat(UptimeService.sameSite("db.corp.internal", "shop.example.jp")).isFalse();
  }

  @Test
  void aTopLevelDomainDoesNotMakeEveryNameASibling() {
    assertThat(UptimeService.sameSite("other.jp", "example.jp")).isFalse();
  }
}
