package dev.mimamori.detect.behaviour;

import static dev.mimamori.detect.behaviour.Traffic.T0;
import static dev.mimamori.detect.behaviour.Traffic.ip;
import static dev.mimamori.detect.behaviour.Traffic.isOneOf;
import static dev.mimamori.detect.behaviour.Traffic.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.rules.FieldCondition;
import dev.mimamori.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggregateRuleTest {
  private static final List<FieldCondition> LOGIN_POST =
      List.of(isOneOf("http.request.method", "POST"));

  /** Distinct addresses per login route: 20 in 5 minutes. */
  private static AggregateRule addressesPerRoute() {
    return new AggregateRule(
        Traffic.meta(Duration.ofMinutes(30)),
        new AggregateRule.Config(
            LOGIN_POST, List.of("url.path"), "source.ip", 20, Duration.ofMinutes(5), null));
  }

  /** Failed logins per account: 10 in 10 minutes, whatever the address. */
  private static AggregateRule failuresPerAccount(Duration suppress) {
    return new AggregateRule(
        Traffic.meta(suppress),
        new AggregateRule.Config(
            List.of(isOneOf("event.outcome", "failure")),
            List.of("user.name"),
            null,
            10,
            Duration.ofMinutes(10),
            null));
  }

  private static Event failedLogin(String user, String ip, int second) {
    return Event.builder()
        .timestamp(T0.plusSeconds(second))
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("syslog")
        .sourceIp(ip)
        .userName(user)
        .extra("event.outcome", "failure")
        .lineNumber(second + 1L)
        .build();
  }

  private static List<Event> feed(AggregateRule rule, List<Event> events) {
    List<Event> fired = new ArrayList<>();
    for (Event e : events) {
      fired.addAll(rule.evaluate(e));
    }
    return fired;
  }

  private static List<Event> loginsFrom(int addresses, int secondsApart) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < addresses; i++) {
      out.add(post(ip(i), "/mypage/login", T0.plusSeconds((long) i * secondsApart)));
    }
    return out;
  }

  @Test
  void alertsWhenTwentyAddressesEachTryOneLogin() {
    assertThat(feed(addressesPerRoute(), loginsFrom(20, 5))).hasSize(20);
  }

  @Test
  void staysQuietWhenNineteenAddressesTryToLogIn() {
    assertThat(feed(addressesPerRoute(), loginsFrom(19, 5))).isEmpty();
  }

  @Test
  void countsAnAddressOnceHoweverOftenItTries() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(post(ip(i % 10), "/mypage/login", T0.plusSeconds(i)));
    }

    assertThat(feed(addressesPerRoute(), events)).isEmpty();
  }

  @Test
  void staysQuietWhenTheAddressesAreSpreadBeyondTheWindow() {
    // one new address every 20 seconds: at most 16 in any 5 minutes
    assertThat(feed(addressesPerRoute(), loginsFrom(60, 20))).isEmpty();
  }

  @Test
  void countsEachLoginRouteSeparately() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(post(ip(i), i % 2 == 0 ? "/mypage/login" : "/admin/login", T0.plusSeconds(i)));
    }

    assertThat(feed(addressesPerRoute(), events)).isEmpty();
  }

  @Test
  void countsEachShopSeparately() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(
          Traffic.request(ip(i), "POST", "/mypage/login", 302, T0.plusSeconds(i))
              .asset(i % 2 == 0 ? "shop-a" : "shop-b")
              .build());
    }

    assertThat(feed(addressesPerRoute(), events)).isEmpty();
  }

  @Test
  void carriesEveryAttemptOfTheWindowWithTheTriggerLast() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // ten addresses try twice, then ten more once each
      events.add(post(ip(i < 20 ? i % 10 : i - 10), "/mypage/login", T0.plusSeconds(i)));
    }

    assertThat(feed(addressesPerRoute(), events))
        .containsExactlyElementsOf(events.stream().map(Event::asEvidence).toList());
  }

  @Test
  void alertsWhenOneAccountFailsTenTimesFromTenAddresses() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(failedLogin("root", ip(i), i * 30));
    }

    assertThat(feed(failuresPerAccount(Duration.ZERO), events)).hasSize(10);
  }

  @Test
  void countsEachAccountSeparately() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(failedLogin(i % 2 == 0 ? "root" : "admin", "203.0.113.13", i));
    }

    assertThat(feed(failuresPerAccount(Duration.ZERO), events)).isEmpty();
  }

  @Test
  void staysSilentForTheSuppressPeriodAfterAlerting() {
    AggregateRule rule = failuresPerAccount(Duration.ofMinutes(30));
    for (int i = 0; i < 10; i++) {
      rule.evaluate(failedLogin("root", ip(i), i));
    }
    List<Event> more = new ArrayList<>();
    for (int i = 10; i < 30; i++) {
      more.add(failedLogin("root", ip(i), i));
    }

    assertThat(feed(rule, more)).isEmpty();
  }

  @Test
  void alertsAgainOnceTheSuppressPeriodHasPassed() {
    AggregateRule rule = failuresPerAccount(Duration.ofMinutes(30));
    for (int i = 0; i < 10; i++) {
      rule.evaluate(failedLogin("root", ip(i), i));
    }
    List<Event> later = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      later.add(failedLogin("root", ip(i), 1810 + i)); // the alert came at second 9
    }

    assertThat(feed(rule, later)).hasSize(10);
  }

  @Test
  void startsAfreshWhenAnOlderFileFollowsANewerOne() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      events.add(failedLogin("root", ip(i), 86_400 + i)); // today's log
    }
    events.add(failedLogin("root", ip(9), 0)); // then yesterday's, read after it

    assertThat(feed(failuresPerAccount(Duration.ZERO), events)).isEmpty();
  }

  @Test
  void keepsAtMostMaxEvidenceEventsTheTriggerLast() {
    AggregateRule rule =
        new AggregateRule(
            Traffic.meta(Duration.ZERO),
            new AggregateRule.Config(
                null, List.of("source.ip"), null, 300, Duration.ofSeconds(10), 50));
    List<Event> fired = List.of();
    Event last = null;
    for (int i = 0; i < 300; i++) {
      last = post("203.0.113.66", "/products/list", T0.plusMillis(20L * i));
      fired = rule.evaluate(last);
    }

    assertThat(fired).hasSize(50).last().isEqualTo(last.asEvidence());
  }

  @Test
  void ignoresEventsWithoutTheCountedField() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add(Traffic.request(ip(i), "POST", "/mypage/login", 302, T0).sourceIp(null).build());
    }

    assertThat(feed(addressesPerRoute(), events)).isEmpty();
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("count below two", 1, Duration.ofMinutes(1), null, null, "'count'"),
        Arguments.of("count too high", 10_001, Duration.ofMinutes(1), null, null, "'count'"),
        Arguments.of("no window", 10, null, null, null, "'window'"),
        Arguments.of("zero window", 10, Duration.ZERO, null, null, "'window'"),
        Arguments.of("window over a day", 10, Duration.ofDays(2), null, null, "'window'"),
        Arguments.of("blank distinct", 10, Duration.ofMinutes(1), " ", null, "'distinct'"),
        Arguments.of("no evidence", 10, Duration.ofMinutes(1), null, 0, "'max_evidence'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void refusesBadSettings(
      String name,
      int count,
      @Nullable Duration window,
      @Nullable String distinct,
      @Nullable Integer maxEvidence,
      String message) {
    assertThatThrownBy(
            () ->
                new AggregateRule(
                    Traffic.meta(Duration.ZERO),
                    new AggregateRule.Config(
                        LOGIN_POST, List.of("source.ip"), distinct, count, window, maxEvidence)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void forgetsAddressesIdleForLongerThanTheWindow() {
    AggregateRule rule =
        new AggregateRule(
            Traffic.meta(Duration.ZERO),
            new AggregateRule.Config(
                null, List.of("source.ip"), null, 300, Duration.ofSeconds(10), null));
    for (int i = 0; i < 10_000; i++) {
      rule.evaluate(post(ip(i), "/", T0.plusMillis(100L * i))); // ten new addresses a second
    }

    assertThat(rule.groupCount()).isLessThanOrEqualTo(110);
  }

  @Test
  void holdsAnEventItCountsAsTwoUnitsOfState() {
    // count 300, evidence 500 by default: the events kept as evidence are also what is counted
    AggregateRule rule =
        new AggregateRule(
            Traffic.meta(Duration.ZERO),
            new AggregateRule.Config(
                null, List.of("source.ip"), null, 300, Duration.ofSeconds(10), null));
    for (int i = 0; i < 10; i++) {
      rule.evaluate(post("192.0.2.1", "/", T0.plusMillis(100L * i)));
    }

    assertThat(rule.heldUnits()).isEqualTo(20);
  }

  @Test
  void startsTheGroupOfANewAddressEmptyWhenItReusesAnIdleOne() {
    AggregateRule rule =
        new AggregateRule(
            Traffic.meta(Duration.ZERO),
            new AggregateRule.Config(
                null, List.of("source.ip"), null, 3, Duration.ofSeconds(10), null));
    rule.evaluate(post("192.0.2.1", "/", T0));
    rule.evaluate(post("192.0.2.1", "/", T0.plusSeconds(1)));
    // a minute later: the first address's group is idle and serves the second one
    rule.evaluate(post("192.0.2.2", "/", T0.plusSeconds(60)));
    List<Event> fired = rule.evaluate(post("192.0.2.2", "/", T0.plusSeconds(61)));

    assertThat(fired).isEmpty();
    assertThat(rule.heldUnits()).isEqualTo(4);
  }
}
