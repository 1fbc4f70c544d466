package dev.mimamori.detect.behaviour;

import static dev.mimamori.detect.behaviour.Traffic.T0;
import static dev.mimamori.detect.behaviour.Traffic.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurgeRuleTest {
  /** Five times the usual distinct addresses per minute and at least 50; one hour to warm up. */
  private static SurgeRule surge(int maxEvidence) {
    return new SurgeRule(
        Traffic.meta(Duration.ofMinutes(30)),
        new SurgeRule.Config(
            null, null, Duration.ofMinutes(1), Duration.ofHours(1), 5.0, 50, null, maxEvidence));
  }

  private static SurgeRule surge() {
    return surge(500);
  }

  /** {@code addresses} distinct addresses, from {@code first} on, in the given minute. */
  private static List<Event> minute(String shop, int minute, int first, int addresses) {
    List<Event> out = new ArrayList<>();
    Instant start = T0.plus(Duration.ofMinutes(minute));
    for (int i = 0; i < addresses; i++) {
      out.add(
          Traffic.request(ip(first + i), "GET", "/", 200, start.plusMillis(50_000L * i / addresses))
              .asset(shop)
              .build());
    }
    return out;
  }

  /** Minutes {@code from} to {@code to} (exclusive) with the same {@code addresses} visitors. */
  private static List<Event> usual(String shop, int from, int to, int addresses) {
    List<Event> out = new ArrayList<>();
    for (int m = from; m < to; m++) {
      out.addAll(minute(shop, m, 0, addresses));
    }
    return out;
  }

  private static List<List<Event>> feed(SurgeRule rule, List<Event> events) {
    List<List<Event>> alerts = new ArrayList<>();
    for (Event e : events) {
      List<Event> fired = rule.evaluate(e);
      if (!fired.isEmpty()) {
        alerts.add(fired);
      }
    }
    return alerts;
  }

  @Test
  void alertsWhenAMinuteBringsFiveTimesTheUsualAddresses() {
    SurgeRule rule = surge();
    feed(rule, usual("shop", 0, 90, 30));

    assertThat(feed(rule, minute("shop", 90, 1000, 200))).hasSize(1);
  }

  @Test
  void staysQuietWhileTrafficStaysAtItsUsualLevel() {
    assertThat(feed(surge(), usual("shop", 0, 180, 60))).isEmpty();
  }

  @Test
  void staysQuietOnADoublingOfTraffic() {
    SurgeRule rule = surge();
    feed(rule, usual("shop", 0, 90, 30));

    assertThat(feed(rule, minute("shop", 90, 1000, 60))).isEmpty();
  }

  @Test
  void staysQuietBelowTheFloorHoweverQuietTheShopWas() {
    SurgeRule rule = surge();
    feed(rule, usual("shop", 0, 90, 2));

    assertThat(feed(rule, minute("shop", 90, 1000, 49))).isEmpty();
  }

  @Test
  void alertsOnAHugeSurgeBeforeItKnowsTheShop() {
    // factor times the floor: 250 distinct addresses in the very first minute
    assertThat(feed(surge(), minute("shop", 0, 0, 260))).hasSize(1);
  }

  @Test
  void staysQuietOnABusyShopItHasNotSeenBefore() {
    assertThat(feed(surge(), usual("shop", 0, 30, 200))).isEmpty();
  }

  @Test
  void judgesEachShopAgainstItsOwnBaseline() {
    SurgeRule rule = surge();
    List<Event> history = new ArrayList<>();
    history.addAll(usual("busy-shop", 0, 90, 100));
    history.addAll(usual("quiet-shop", 0, 90, 5));
    feed(rule, history);
    List<Event> sameCrowd = new ArrayList<>();
    sameCrowd.addAll(minute("busy-shop", 90, 1000, 120));
    sameCrowd.addAll(minute("quiet-shop", 90, 1000, 120));

    assertThat(feed(rule, sameCrowd))
        .singleElement()
        .satisfies(a -> assertThat(a.get(0).asset()).isEqualTo("quiet-shop"));
  }

  @Test
  void staysSilentForTheSuppressPeriodAfterAlerting() {
    SurgeRule rule = surge();
    feed(rule, usual("shop", 0, 90, 30));
    List<Event> attack = new ArrayList<>();
    for (int m = 90; m < 100; m++) {
      attack.addAll(minute("shop", m, 1000 * m, 400));
    }

    assertThat(feed(rule, attack)).hasSize(1);
  }

  @Test
  void countsTheMinutesOfAnOlderFileAfreshRatherThanInOneMinute() {
    SurgeRule rule = surge();
    feed(rule, usual("shop", 1440, 1530, 30)); // today's log
    List<Event> yesterday = new ArrayList<>();
    for (int m = 0; m < 90; m++) {
      yesterday.addAll(minute("shop", m, 30 * m, 30)); // 30 addresses a minute, new each minute
    }

    assertThat(feed(rule, yesterday)).isEmpty();
  }

  @Test
  void carriesTheFirstEventsOfTheMinuteAndTheTrigger() {
    SurgeRule rule = surge(10);
    feed(rule, usual("shop", 0, 90, 30));
    List<Event> burst = minute("shop", 90, 1000, 200);

    List<Event> evidence = feed(rule, burst).get(0);

    // the first ten of the minute, then the address that made it five times the baseline of 30
    assertThat(evidence)
        .hasSize(11)
        .startsWith(burst.subList(0, 10).stream().map(Event::asEvidence).toArray(Event[]::new))
        .last()
        .satisfies(trigger -> assertThat(burst.indexOf(trigger)).isBetween(140, 160));
  }

  @Test
  void refusesAFactorOfOne() {
    assertThatThrownBy(
            () ->
                new SurgeRule(
                    Traffic.meta(Duration.ZERO),
                    new SurgeRule.Config(null, null, null, null, 1.0, 50, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'factor'");
  }

  @Test
  void refusesAHalfLifeShorterThanABucket() {
    assertThatThrownBy(
            () ->
                new SurgeRule(
                    Traffic.meta(Duration.ZERO),
                    new SurgeRule.Config(
                        null,
                        null,
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(1),
                        5.0,
                        50,
                        null,
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'half_life'");
  }

  @Test
  void refusesAFloorBelowTwo() {
    assertThatThrownBy(
            () ->
                new SurgeRule(
                    Traffic.meta(Duration.ZERO),
                    new SurgeRule.Config(null, null, null, null, null, 1, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'floor'");
  }
}
