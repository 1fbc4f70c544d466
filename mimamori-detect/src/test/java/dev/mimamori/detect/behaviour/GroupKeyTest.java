package dev.mimamori.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
  private static Event event(String tenant, String asset, String ip, String user) {
    return Event.builder()
        .timestamp(Instant.parse("2026-11-21T01:00:00Z"))
        .tenant(tenant)
        .asset(asset)
        .dataset("nginx.access")
        .original("x")
        .sourceIp(ip)
        .userName(user)
        .build();
  }

  @Test
  void keysAnEventByItsShopAndTheGroupFields() {
    assertThat(
            GroupKey.of(
                event("t", "shop", "203.0.113.5", "bob"), List.of("source.ip", "user.name")))
        .isEqualTo("t\u0000shop\u0000203.0.113.5\u0000bob");
  }

  @Test
  void keysAnEventWithoutGroupFieldsByItsShopAlone() {
    assertThat(GroupKey.of(event("t", "shop", "203.0.113.5", "bob"), List.of()))
        .isEqualTo("t\u0000shop");
  }

  @Test
  void givesNoKeyToAnEventWithoutAGroupField() {
    assertThat(GroupKey.of(event("t", "shop", "203.0.113.5", "bob"), List.of("url.path"))).isNull();
  }

  @Test
  void keepsTheShopsOfEventsThatAlternateBetweenShopsApart() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(
          GroupKey.of(
              event("t" + (i % 2), "shop" + (i % 2), "203.0.113.5", "bob"), List.of("source.ip")));
    }
    assertThat(keys)
        .containsExactly(
            "t0\u0000shop0\u0000203.0.113.5",
            "t1\u0000shop1\u0000203.0.113.5",
            "t0\u0000shop0\u0000203.0.113.5",
            "t1\u0000shop1\u0000203.0.113.5");
  }

  @Test
  void keepsTheShopsOfTwoTenantsWithTheSameShopNameApart() {
    String a = GroupKey.of(event("tenant-a", "shop", "203.0.113.5", "bob"), List.of());
    String b = GroupKey.of(event("tenant-b", "shop", "203.0.113.5", "bob"), List.of());
    assertThat(a).isNotEqualTo(b);
  }
}
