package dev.mimamori.detect.behaviour;

import static dev.mimamori.detect.behaviour.Traffic.T0;
import static dev.mimamori.detect.behaviour.Traffic.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Event;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A million distinct addresses, one event each (a millisecond apart), through each built-in
 * behaviour rule: its state stays under its caps however many groups the traffic makes.
 */
class MillionAddressesTest {
  private static final int ADDRESSES = 1_000_000;

  private static Event request(int i, String method, String path, int status) {
    return Traffic.request(ip(i), method, path, status, T0.plusMillis(i)).build();
  }

  private static Event appLog(int i, String message) {
    return Event.builder()
        .timestamp(T0.plusMillis(i))
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("eccube.app")
        .sourceIp(ip(i))
        .extra("message", message)
        .build();
  }

  private static Event failedLogin(int i) {
    return Event.builder()
        .timestamp(T0.plusMillis(i))
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("syslog")
        .sourceIp(ip(i))
        .userName("user" + i)
        .extra("event.outcome", "failure")
        .build();
  }

  static Stream<Arguments> behaviourRules() {
    IntFunction<Event> checkout = i -> request(i, "POST", "/shopping/checkout", 302);
    IntFunction<Event> payment = i -> appLog(i, "[注文処理] PaymentMethod::checkoutを実行します.");
    return Stream.of(
        Arguments.of(
            "mm-web-login-distributed",
            (IntFunction<Event>) i -> request(i, "POST", "/mypage/login", 302)),
        Arguments.of(
            "mm-auth-account-bruteforce", (IntFunction<Event>) MillionAddressesTest::failedLogin),
        Arguments.of(
            "mm-web-basic-auth-account-bruteforce",
            (IntFunction<Event>)
                i ->
                    Traffic.request(ip(i), "GET", "/admin/", 401, T0.plusMillis(i))
                        .userName("user" + i)
                        .build()),
        Arguments.of("mm-web-flood", (IntFunction<Event>) i -> request(i, "GET", "/", 200)),
        Arguments.of("mm-web-ddos-surge", (IntFunction<Event>) i -> request(i, "GET", "/", 200)),
        Arguments.of("mm-web-card-testing", checkout),
        Arguments.of("mm-web-card-testing-shop", checkout),
        Arguments.of("mm-eccube-card-testing", payment),
        Arguments.of("mm-eccube-card-testing-shop", payment));
  }

  private static CompiledRule builtin(String id) {
    return new RuleLoader()
        .loadBuiltin().stream().filter(r -> r.meta().id().equals(id)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("behaviourRules")
  void keepsStateUnderItsCapsForAMillionAddresses(String ruleId, IntFunction<Event> event) {
    CompiledRule rule = builtin(ruleId);
    Bounded state = (Bounded) rule;
    for (int i = 0; i < ADDRESSES; i++) {
      rule.evaluate(new EventView(event.apply(i)));
    }

    assertThat(
            List.of(state.groupCount() <= state.maxGroups(), state.heldUnits() <= state.maxHeld()))
        .as("%s: %d groups, %d held", ruleId, state.groupCount(), state.heldUnits())
        .containsOnly(true);
  }

  @Test
  void stillCatchesOneFloodingAddressAmongAMillionOthers() {
    CompiledRule rule = builtin("mm-web-flood");
    int fired = 0;
    for (int i = 0; i < ADDRESSES; i++) {
      rule.evaluate(request(i, "GET", "/", 200));
      if (i % 10 == 0
          && !rule.evaluate(
                  Traffic.request("203.0.113.66", "GET", "/", 200, T0.plusMillis(i)).build())
              .isEmpty()) {
        fired++;
      }
    }

    assertThat(fired).isPositive();
  }
}
