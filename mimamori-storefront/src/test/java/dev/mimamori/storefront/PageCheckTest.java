package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import dev.mimamori.storefront.PageCheck.Finding;
import dev.mimamori.storefront.PageInventory.Csp;
import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison alone, over inventories written by hand. */
class PageCheckTest {
  static final String PAGE = "https://shop.example.jp/checkout";

  static Script script(String src, String hash) {
    return new Script(src, hash, false, InventoryTaker.host(src), false, 10);
  }

  static Request request(String url, boolean sensitive) {
    return new Request(
        url, InventoryTaker.host(url), "POST", "Fetch", "script", "", false, "", sensitive);
  }

  static PageInventory page(List<Script> scripts, List<Request> requests, List<Request> after) {
    return new PageInventory(
        PAGE,
        PAGE,
        "shop.example.jp",
        scripts,
        requests,
        List.of(),
        List.of(),
        new Csp("", "", List.of()),
        after,
        List.of());
  }

  static final Script APP = script("https://shop.example.jp/app.js", "aa");

  @Test
  void removedScriptIsInfo() {
    PageInventory before = page(List.of(APP), List.of(), List.of());
    PageInventory now = page(List.of(), List.of(), List.of());

    assertThat(PageCheck.compare(before, now, Set.of()).findings())
        .extracting(Finding::kind, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("removed_script", Severity.INFO));
  }

  @Test
  void newHostContactedIsMedium() {
    PageInventory before = page(List.of(APP), List.of(), List.of());
    PageInventory now =
        page(List.of(APP), List.of(request("https://cdn.example.net/pixel", false)), List.of());

    assertThat(PageCheck.compare(before, now, Set.of()).findings())
        .extracting(Finding::kind, Finding::severity, Finding::host)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("new_host", Severity.MEDIUM, "cdn.example.net"));
  }

  @Test
  void cardDataToAnAllowedPaymentHostIsNoFinding() {
    Request pay = request("https://pay.example.com/token", true);
    PageInventory before = page(List.of(APP), List.of(), List.of(pay));
    PageInventory now = page(List.of(APP), List.of(), List.of(pay));

    assertThat(PageCheck.compare(before, now, Set.of("pay.example.com")).findings()).isEmpty();
  }

  @Test
  void cardDataToAKnownButUnallowedHostIsHigh() {
    Request leak = request("https://stats.example.org/c", true);
    PageInventory before = page(List.of(APP), List.of(), List.of(leak));
    PageInventory now = page(List.of(APP), List.of(), List.of(leak));

    assertThat(PageCheck.compare(before, now, Set.of()).worst()).isEqualTo(Severity.HIGH);
  }

  @Test
  void changedExternalScriptIsHigh() {
    PageInventory before = page(List.of(APP), List.of(), List.of());
    PageInventory now =
        page(List.of(script("https://shop.example.jp/app.js", "bb")), List.of(), List.of());

    assertThat(PageCheck.compare(before, now, Set.of()).findings())
        .extracting(Finding::kind, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("changed_script", Severity.HIGH));
  }

  @Test
  void refusesABaselineThatIsNotJson(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("hostname");
    java.nio.file.Files.writeString(f, "shop-1\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InventoryJson.read(f))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("not a page inventory");
  }

  @Test
  void refusesABaselineWithoutItsLists(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("empty.json");
    java.nio.file.Files.writeString(f, "{}");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InventoryJson.read(f))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("needs url, host, scripts");
  }

  @Test
  void savedInventoryReadsBackEqual(@TempDir Path dir) throws Exception {
    PageInventory p =
        page(List.of(APP), List.of(request("https://shop.example.jp/x", false)), List.of());
    Path f = dir.resolve("baseline.json");
    Files.writeString(f, InventoryJson.write(p));

    assertThat(InventoryJson.read(f)).isEqualTo(p);
  }

  @Test
  void newHostThePolicyAllowsIsOnlyInformation() {
    PageInventory now =
        page(List.of(APP), List.of(request("https://www.gtm.example/g.js", false)), List.of());
    PageCheck.Report r =
        PageCheck.compare(
            page(List.of(APP), List.of(), List.of()),
            now,
            new HostPolicy(List.of(), List.of("*.gtm.example")));
    assertThat(r.findings()).extracting(Finding::severity).containsExactly(Severity.INFO);
  }

  @Test
  void allowedAnalyticsHostReceivingCardDataIsStillReported() {
    PageInventory now =
        page(List.of(APP), List.of(), List.of(request("https://www.gtm.example/c", true)));
    PageCheck.Report r =
        PageCheck.compare(
            page(List.of(APP), List.of(), List.of()),
            now,
            new HostPolicy(List.of(), List.of("www.gtm.example")));
    assertThat(r.findings()).extracting(Finding::kind).contains("sensitive_data_sent");
  }

  @Test
  void paymentHostMayReceiveCardData() {
    PageInventory now =
        page(List.of(APP), List.of(), List.of(request("https://api.pay.example/tokens", true)));
    PageCheck.Report r =
        PageCheck.compare(
            page(List.of(APP), List.of(), List.of()),
            now,
            new HostPolicy(List.of("*.pay.example"), List.of()));
    assertThat(r.findings()).extracting(Finding::kind).doesNotContain("sensitive_data_sent");
  }

  @Test
  void truncatedInventoryIsAMediumFinding() {
    PageInventory cut =
        new PageInventory(
            PAGE,
            PAGE,
            "shop.example.jp",
            List.of(APP),
            List.of(),
            List.of(),
            List.of(),
            new Csp("", "", List.of()),
            List.of(),
            List.of("requests: only the first 5000 of a stretch are kept; 12 more were left out"));
    PageCheck.Report r = PageCheck.compare(page(List.of(APP), List.of(), List.of()), cut, Set.of());
    assertThat(r.findings()).extracting(Finding::kind).containsExactly("inventory_truncated");
  }
}
