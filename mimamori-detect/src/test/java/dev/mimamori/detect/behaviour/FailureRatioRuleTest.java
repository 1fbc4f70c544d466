package dev.mimamori.detect.behaviour;

import static dev.mimamori.detect.behaviour.Traffic.T0;
import static dev.mimamori.detect.behaviour.Traffic.contains;
import static dev.mimamori.detect.behaviour.Traffic.get;
import static dev.mimamori.detect.behaviour.Traffic.ip;
import static dev.mimamori.detect.behaviour.Traffic.isOneOf;
import static dev.mimamori.detect.behaviour.Traffic.post;
import static dev.mimamori.detect.behaviour.Traffic.regex;
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

class FailureRatioRuleTest {
  private static final List<FieldCondition> CHECKOUT =
      List.of(isOneOf("http.request.method", "POST"), regex("url.path", "^/shopping/checkout$"));
  private static final List<FieldCondition> COMPLETE =
      List.of(isOneOf("http.request.method", "GET"), regex("url.path", "^/shopping/complete$"));
  private static final List<FieldCondition> ATTEMPT =
      List.of(contains("message", "paymentmethod::checkoutを実行します"));
  private static final List<FieldCondition> REFUSED =
      List.of(contains("message", "paymentmethod::checkoutのエラー"));

  /** Shop-wide: 20 checkouts in 10 minutes, at least 80 % without a completed order. */
  private static FailureRatioRule checkoutsWithoutOrders() {
    return new FailureRatioRule(
        Traffic.meta(Duration.ofHours(1)),
        new FailureRatioRule.Config(
            CHECKOUT, COMPLETE, null, null, 20, 0.8, Duration.ofMinutes(10), null));
  }

  /** Per address: 5 attempts in 10 minutes, at least 60 % refused. */
  private static FailureRatioRule refusalsPerAddress() {
    return new FailureRatioRule(
        Traffic.meta(Duration.ofMinutes(30)),
        new FailureRatioRule.Config(
            ATTEMPT, null, REFUSED, List.of("source.ip"), 5, 0.6, Duration.ofMinutes(10), null));
  }

  private static Event appLog(String ip, String message, int second) {
    return Event.builder()
        .timestamp(T0.plusSeconds(second))
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("eccube.app")
        .sourceIp(ip)
        .extra("message", message)
        .build();
  }

  private static List<Event> feed(FailureRatioRule rule, List<Event> events) {
    List<Event> fired = new ArrayList<>();
    for (Event e : events) {
      fired.addAll(rule.evaluate(e));
    }
    return fired;
  }

  /** {@code n} checkouts from n addresses, 10 seconds apart; the first {@code completed} go on. */
  private static List<Event> checkouts(int n, int completed) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(post(ip(i), "/shopping/checkout", T0.plusSeconds(10L * i)));
      if (i < completed) {
        out.add(get(ip(i), "/shopping/complete", T0.plusSeconds(10L * i + 1)));
      }
    }
    return out;
  }

  private static List<Event> payments(String ip, int attempts, int refused) {
    return payments(ip, attempts, refused, 0);
  }

  /** Payment attempts 20 seconds apart from {@code start}; the first {@code refused} fail. */
  private static List<Event> payments(String ip, int attempts, int refused, int start) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      out.add(appLog(ip, "[注文処理] PaymentMethod::checkoutを実行します.", start + 20 * i));
      if (i < refused) {
        out.add(
            appLog(
                ip, "[注文処理] PaymentMethod::checkoutのエラーのため, 購入エラー画面へ遷移します.", start + 20 * i + 1));
      }
    }
    return out;
  }

  @Test
  void alertsWhenTwentyCheckoutsEndWithoutAnOrder() {
    assertThat(feed(checkoutsWithoutOrders(), checkouts(20, 0))).hasSize(20);
  }

  @Test
  void alertsWhenOnlyTwoOfTwentyCheckoutsEndInAnOrder() {
    assertThat(feed(checkoutsWithoutOrders(), checkouts(20, 2))).hasSize(22);
  }

  @Test
  void staysQuietWhenCheckoutsEndInOrders() {
    assertThat(feed(checkoutsWithoutOrders(), checkouts(60, 60))).isEmpty();
  }

  @Test
  void staysQuietWhenAQuarterOfCheckoutsEndInOrders() {
    // 4 of 20 completed leaves 80 % failed, which fires; 5 of 20 does not
    assertThat(feed(checkoutsWithoutOrders(), checkouts(20, 5))).isEmpty();
  }

  @Test
  void staysQuietBelowTheMinimumAttempts() {
    assertThat(feed(checkoutsWithoutOrders(), checkouts(19, 0))).isEmpty();
  }

  @Test
  void forgetsCheckoutsOlderThanTheWindow() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // one every 40 seconds: 15 in any 10 minutes
      events.add(post(ip(i), "/shopping/checkout", T0.plusSeconds(40L * i)));
    }

    assertThat(feed(checkoutsWithoutOrders(), events)).isEmpty();
  }

  @Test
  void alertsWhenMostPaymentsOfOneAddressAreRefused() {
    assertThat(feed(refusalsPerAddress(), payments("203.0.113.9", 5, 4))).hasSize(9);
  }

  @Test
  void staysQuietWhenOneAddressPaysSuccessfully() {
    assertThat(feed(refusalsPerAddress(), payments("203.0.113.9", 8, 1))).isEmpty();
  }

  @Test
  void countsEachAddressSeparately() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.addAll(payments(ip(i), 1, 1));
    }

    assertThat(feed(refusalsPerAddress(), events)).isEmpty();
  }

  @Test
  void staysSilentForTheSuppressPeriodAfterAlerting() {
    FailureRatioRule rule = refusalsPerAddress();
    feed(rule, payments("203.0.113.9", 5, 5));

    assertThat(feed(rule, payments("203.0.113.9", 10, 10, 200))).isEmpty();
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("no attempt", null, COMPLETE, null, 20, 0.8, "'attempt'"),
        Arguments.of("neither outcome", CHECKOUT, null, null, 20, 0.8, "exactly one"),
        Arguments.of("both outcomes", CHECKOUT, COMPLETE, REFUSED, 20, 0.8, "exactly one"),
        Arguments.of("no attempts needed", CHECKOUT, COMPLETE, null, 0, 0.8, "'min_attempts'"),
        Arguments.of("zero ratio", CHECKOUT, COMPLETE, null, 20, 0.0, "'min_failure_ratio'"),
        Arguments.of("ratio above one", CHECKOUT, COMPLETE, null, 20, 1.5, "'min_failure_ratio'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void refusesBadSettings(
      String name,
      @Nullable List<FieldCondition> attempt,
      @Nullable List<FieldCondition> success,
      @Nullable List<FieldCondition> failure,
      int minAttempts,
      double ratio,
      String message) {
    assertThatThrownBy(
            () ->
                new FailureRatioRule(
                    Traffic.meta(Duration.ZERO),
                    new FailureRatioRule.Config(
                        attempt,
                        success,
                        failure,
                        null,
                        minAttempts,
                        ratio,
                        Duration.ofMinutes(10),
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
