package dev.mimamori.detect.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Per-tenant enable/disable and exceptions, as the detector applies them to firings. */
class TuningTest {
  static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
  static final String RULES =
      """
      rules:
        - id: t-admin
          title: Admin request
          class: web.test
          severity: medium
          suppress: 10m
          type: match
          match:
            - field: url.path
              prefix: /admin
        - id: t-login
          title: Login request
          class: web.test
          severity: low
          type: match
          match:
            - field: url.path
              prefix: /login
      """;

  final TestClock clock = new TestClock(T0);
  final TuningFilter filter = new TuningFilter();
  final Detector detector =
      new Detector(
              new RuleLoader()
                  .load(
                      new ByteArrayInputStream(RULES.getBytes(StandardCharsets.UTF_8)),
                      "tuning.yml"))
          .withFilter(filter);

  static Event request(String tenant, String ip, String path, long seconds) {
    return Event.builder()
        .timestamp(T0.plusSeconds(seconds))
        .tenant(tenant)
        .asset("shop")
        .dataset("http.access")
        .original("GET " + path)
        .sourceIp(ip)
        .method("GET")
        .urlOriginal(path)
        .urlPath(path)
        .statusCode(200)
        .logFilePath("/var/log/nginx/access.log")
        .logOffset(seconds)
        .build();
  }

  static Event admin(String tenant, String ip) {
    return request(tenant, ip, "/admin/index", 0);
  }

  static ExceptionSpec exception(
      @Nullable String tenant, String rule, String field, ExceptionSpec.Match m, String value) {
    return new ExceptionSpec("x1", tenant, rule, field, m, value, T0.plus(Duration.ofDays(1)));
  }

  void use(ExceptionSpec... exceptions) {
    filter.update(Tuning.compile(Set.of(), Map.of(), List.of(exceptions), clock));
  }

  List<String> fired(Event... events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      detector.process(e).stream().map(Alert::ruleId).forEach(out::add);
    }
    return out;
  }

  @Test
  void aDisabledRuleIsSilentForTenantAButFiresForTenantB() {
    filter.update(
        Tuning.compile(Set.of(), Map.of("shop-a", Map.of("t-admin", false)), List.of(), clock));

    assertThat(fired(admin("shop-a", "192.0.2.1"), admin("shop-b", "192.0.2.1")))
        .containsExactly("t-admin");
  }

  @Test
  void aRuleOffByDefaultFiresForATenantThatSwitchedItOn() {
    filter.update(
        Tuning.compile(
            Set.of("t-admin"), Map.of("shop-b", Map.of("t-admin", true)), List.of(), clock));

    assertThat(
            List.of(
                fired(admin("shop-a", "192.0.2.1")).size(),
                fired(admin("shop-b", "192.0.2.1")).size()))
        .containsExactly(0, 1);
  }

  @Test
  void anExceptionByExactValueSuppressesTheAlert() {
    use(exception("shop-a", "t-admin", "url.path", ExceptionSpec.Match.EQUALS, "/admin/index"));

    assertThat(fired(admin("shop-a", "192.0.2.1"))).isEmpty();
  }

  @Test
  void anExceptionByExactValueLetsOtherValuesAlert() {
    use(exception("shop-a", "t-admin", "url.path", ExceptionSpec.Match.EQUALS, "/admin/health"));

    assertThat(fired(admin("shop-a", "192.0.2.1"))).containsExactly("t-admin");
  }

  @Test
  void anExceptionByIpv4CidrSuppressesAnAddressInsideTheNetwork() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(fired(admin("shop-a", "198.51.100.77"))).isEmpty();
  }

  @Test
  void anExceptionByIpv4CidrLetsAnAddressOutsideTheNetworkAlert() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(fired(admin("shop-a", "198.51.101.77"))).containsExactly("t-admin");
  }

  @Test
  void anExceptionByIpv6CidrSuppressesAnAddressInsideTheNetwork() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "2001:db8:1::/48"));

    assertThat(fired(admin("shop-a", "2001:db8:1:ff::7"), admin("shop-a", "2001:db8:2::7")))
        .containsExactly("t-admin");
  }

  @Test
  void anExpiredExceptionNoLongerApplies() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));
    clock.advance(Duration.ofDays(1));

    assertThat(fired(admin("shop-a", "198.51.100.77"))).containsExactly("t-admin");
  }

  @Test
  void anExceptionExpiredWhenCompiledIsLeftOut() {
    clock.advance(Duration.ofDays(2));
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(filter.current().exceptionCount()).isZero();
  }

  @Test
  void anExceptionForOneRuleLetsOtherRulesAlert() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(fired(request("shop-a", "198.51.100.77", "/login", 0))).containsExactly("t-login");
  }

  @Test
  void anExceptionForEveryRuleCoversThemAll() {
    use(exception("shop-a", "*", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(
            fired(
                admin("shop-a", "198.51.100.77"), request("shop-a", "198.51.100.77", "/login", 1)))
        .isEmpty();
  }

  @Test
  void anExceptionOfOneTenantLetsAnotherTenantAlert() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(fired(admin("shop-b", "198.51.100.77"))).containsExactly("t-admin");
  }

  @Test
  void anExceptionForEveryTenantCoversEachTenant() {
    use(exception(null, "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));

    assertThat(fired(admin("shop-a", "198.51.100.7"), admin("shop-b", "198.51.100.8"))).isEmpty();
  }

  @Test
  void anExceptedFiringStartsNoSuppressionWindowThatWouldHideTheNextAlert() {
    use(exception("shop-a", "t-admin", "url.path", ExceptionSpec.Match.EQUALS, "/admin/health"));

    assertThat(
            fired(
                request("shop-a", "192.0.2.1", "/admin/health", 0),
                request("shop-a", "192.0.2.1", "/admin/users", 5)))
        .containsExactly("t-admin");
  }

  @Test
  void countsTheAlertsAnExceptionSuppressed() {
    use(exception("shop-a", "t-admin", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/24"));
    fired(admin("shop-a", "198.51.100.7"), request("shop-a", "198.51.100.7", "/admin/x", 700));

    assertThat(detector.exceptedAlerts()).isEqualTo(2);
  }

  @Test
  void aChangedTuningAppliesToTheNextFiringWithoutNewRules() {
    fired(request("shop-a", "192.0.2.1", "/login", 0));
    filter.update(
        Tuning.compile(Set.of(), Map.of("shop-a", Map.of("t-login", false)), List.of(), clock));

    assertThat(fired(request("shop-a", "192.0.2.1", "/login", 1))).isEmpty();
  }

  @Test
  void refusesAnExceptionWhoseNetworkIsNotOne() {
    assertThatThrownBy(
            () ->
                exception("shop-a", "*", "source.ip", ExceptionSpec.Match.CIDR, "198.51.100.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv4 or IPv6 network");
  }

  @Test
  void refusesAnExceptionOnSomethingThatIsNotAFieldName() {
    assertThatThrownBy(
            () -> exception("shop-a", "*", "source ip; drop", ExceptionSpec.Match.EQUALS, "x"))
        .hasMessageContaining("not a field name");
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
