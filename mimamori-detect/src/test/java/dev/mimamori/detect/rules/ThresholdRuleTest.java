package dev.mimamori.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import dev.mimamori.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
  private static final Instant T0 = Instant.parse("2026-11-19T19:40:00Z");
  private static final RuleMeta META =
      new RuleMeta("mm-test-brute", "Brute force", "web.bruteforce", Severity.HIGH, Duration.ZERO);
  private static final FieldCondition POST =
      new FieldCondition(
          "http.request.method", null, null, null, List.of("POST"), null, null, null, null);

  private static ThresholdRule rule(int count, Duration window) {
    return new ThresholdRule(
        META, new ThresholdRule.Config(List.of(POST), "source.ip", count, window));
  }

  private static Event post(String ip, Instant at) {
    return Event.builder()
        .timestamp(at)
        .tenant("acme")
        .asset("shop-1")
        .sourceIp(ip)
        .method("POST")
        .urlPath("/mypage/login")
        .build();
  }

  @Test
  void staysSilentBelowTheCount() {
    ThresholdRule r = rule(3, Duration.ofSeconds(60));

    assertThat(r.evaluate(post("203.0.113.13", T0))).isEmpty();
    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(10)))).isEmpty();
  }

  @Test
  void firesWhenTheCountIsReachedWithinTheWindow() {
    ThresholdRule r = rule(3, Duration.ofSeconds(60));
    Event a = post("203.0.113.13", T0);
    Event b = post("203.0.113.13", T0.plusSeconds(20));
    Event c = post("203.0.113.13", T0.plusSeconds(40));
    r.evaluate(a);
    r.evaluate(b);

    assertThat(r.evaluate(c)).containsExactly(a.asEvidence(), b.asEvidence(), c.asEvidence());
  }

  @Test
  void countsAnEventExactlyAtTheWindowEdge() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));

    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(60)))).hasSize(2);
  }

  @Test
  void doesNotFireWhenEventsAreSpreadBeyondTheWindow() {
    ThresholdRule r = rule(10, Duration.ofSeconds(60));
    for (int k = 0; k < 30; k++) {
      // one every 7 seconds: at most 9 fall within any 60 seconds
      assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(7L * k))))
          .as("event %d", k)
          .isEmpty();
    }
  }

  @Test
  void dropsEventsThatFellOutOfTheWindow() {
    ThresholdRule r = rule(3, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));
    Event b = post("203.0.113.13", T0.plusSeconds(50));
    Event c = post("203.0.113.13", T0.plusSeconds(61));
    r.evaluate(b);
    r.evaluate(c);
    Event d = post("203.0.113.13", T0.plusSeconds(62));

    assertThat(r.evaluate(d)).containsExactly(b.asEvidence(), c.asEvidence(), d.asEvidence());
  }

  @Test
  void startsCountingAfreshAfterFiring() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));
    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(1)))).hasSize(2);

    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(2)))).isEmpty();
    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(3)))).hasSize(2);
  }

  @Test
  void countsEachAddressSeparately() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));

    assertThat(r.evaluate(post("198.51.100.7", T0.plusSeconds(1)))).isEmpty();
  }

  @Test
  void countsEachTenantSeparately() {
    // Regression: one address's events on two tenants were counted together, and the alert
    // for one tenant carried the other tenant's log lines as evidence.
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));
    Event otherTenant =
        Event.builder()
            .timestamp(T0.plusSeconds(1))
            .tenant("other")
            .asset("shop-1")
            .sourceIp("203.0.113.13")
            .method("POST")
            .build();

    assertThat(r.evaluate(otherTenant)).isEmpty();
  }

  @Test
  void countsEachShopSeparately() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));
    Event otherShop =
        Event.builder()
            .timestamp(T0.plusSeconds(1))
            .tenant("acme")
            .asset("shop-2")
            .sourceIp("203.0.113.13")
            .method("POST")
            .build();

    assertThat(r.evaluate(otherShop)).isEmpty();
  }

  @Test
  void ignoresEventsThatDoNotMatch() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0));
    Event get =
        Event.builder().timestamp(T0.plusSeconds(1)).sourceIp("203.0.113.13").method("GET").build();

    assertThat(r.evaluate(get)).isEmpty();
    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(2)))).hasSize(2);
  }

  @Test
  void ignoresEventsWithoutTheGroupField() {
    ThresholdRule r = rule(2, Duration.ofSeconds(60));

    r.evaluate(post(null, T0));

    assertThat(r.evaluate(post(null, T0.plusSeconds(1)))).isEmpty();
  }

  @Test
  void refusesCountBelowTwo() {
    assertThatThrownBy(() -> rule(1, Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'count'");
  }

  @Test
  void refusesZeroWindow() {
    assertThatThrownBy(() -> rule(2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'window'");
  }

  @Test
  void refusesMissingGroupBy() {
    assertThatThrownBy(
            () ->
                new ThresholdRule(
                    META, new ThresholdRule.Config(List.of(POST), " ", 2, Duration.ofSeconds(60))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group_by");
  }

  @Test
  void refusesEmptyMatchList() {
    assertThatThrownBy(
            () ->
                new ThresholdRule(
                    META,
                    new ThresholdRule.Config(List.of(), "source.ip", 2, Duration.ofSeconds(60))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("match");
  }

  @Test
  void holdsABoundedNumberOfEventsForAMillionAddresses() {
    ThresholdRule r = rule(10, Duration.ofMinutes(10));
    for (int i = 0; i < 1_000_000; i++) {
      String ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
      r.evaluate(post(ip, T0.plusMillis(i)));
    }

    assertThat(r.heldEvents()).isLessThanOrEqualTo(ThresholdRule.MAX_EVENTS);
  }

  @Test
  void stillFiresForABusyAddressAmongAMillionOthers() {
    ThresholdRule r = rule(3, Duration.ofMinutes(10));
    int fired = 0;
    for (int i = 0; i < 300_000; i++) {
      String ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
      r.evaluate(post(ip, T0.plusMillis(i)));
      if (i % 1000 == 0 && !r.evaluate(post("203.0.113.66", T0.plusMillis(i))).isEmpty()) {
        fired++;
      }
    }

    assertThat(fired).isPositive();
  }

  @Test
  void startsAfreshWhenTimeGoesBackByMoreThanTheWindow() {
    // The same log read twice (or an older rotated file after a newer one): two posts an hour
    // apart in wall time are not three in a minute.
    ThresholdRule r = rule(3, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0.plusSeconds(3600)));
    r.evaluate(post("203.0.113.13", T0.plusSeconds(3610)));

    assertThat(r.evaluate(post("203.0.113.13", T0))).isEmpty();
  }

  @Test
  void stillCountsLinesSlightlyOutOfOrder() {
    ThresholdRule r = rule(3, Duration.ofSeconds(60));
    r.evaluate(post("203.0.113.13", T0.plusSeconds(20)));
    r.evaluate(post("203.0.113.13", T0.plusSeconds(30)));

    assertThat(r.evaluate(post("203.0.113.13", T0.plusSeconds(25)))).hasSize(3);
  }
}
