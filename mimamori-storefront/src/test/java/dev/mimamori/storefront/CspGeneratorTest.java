package dev.mimamori.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.storefront.PageInventory.Csp;
import dev.mimamori.storefront.PageInventory.Form;
import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

class CspGeneratorTest {
  static Request request(String url, String type, boolean failed, boolean card) {
    String host = java.net.URI.create(url).getHost();
    return new Request(url, host, "GET", type, "parser", "", failed, "", card);
  }

  static PageInventory page(List<Script> scripts, List<Request> requests, List<Request> after) {
    return new PageInventory(
        "https://shop.example.jp/shopping",
        "https://shop.example.jp/shopping",
        "shop.example.jp",
        scripts,
        requests,
        List.of("https://pay.example.com/frame"),
        List.of(new Form("https://shop.example.jp/shopping/confirm", "post", List.of())),
        new Csp("", "", List.of()),
        after,
        List.of());
  }

  @Test
  void inlineScriptIsAllowedByItsSha256InBase64() {
    String hex = InventoryTaker.sha256("var shop = 1;");
    PageInventory p = page(List.of(new Script("", hex, true, "", false, 13)), List.of(), List.of());
    String b64 =
        java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    assertThat(CspGenerator.reportOnly(p, "").policy()).contains("'sha256-" + b64 + "'");
  }

  @Test
  void externalScriptIsAllowedByItsOrigin() {
    PageInventory p =
        page(
            List.of(
                new Script(
                    "https://cdn.example.jp:8443/lib.js", "ab", false, "cdn.example.jp", false, 1)),
            List.of(),
            List.of());
    assertThat(CspGenerator.reportOnly(p, "").policy())
        .contains("script-src 'self' https://cdn.example.jp:8443;");
  }

  @Test
  void hostThatReceivedTypedCardDataIsNeverAllowed() {
    PageInventory p =
        page(
            List.of(),
            List.of(request("https://skim.example.net/pixel.gif", "Image", false, false)),
            List.of(
                request("https://skim.example.net/c?d=4111111111111111", "Image", false, true)));
    assertThat(CspGenerator.reportOnly(p, "").policy()).doesNotContain("skim.example.net");
  }

  @Test
  void failedRequestIsLeftOut() {
    PageInventory p =
        page(
            List.of(), List.of(request("https://gone.example/x", "Fetch", true, false)), List.of());
    assertThat(CspGenerator.reportOnly(p, "").policy()).doesNotContain("gone.example");
  }

  @Test
  void fetchGoesToConnectSrcAndFramesToFrameSrc() {
    PageInventory p =
        page(
            List.of(),
            List.of(request("https://api.example.jp/cart", "Fetch", false, false)),
            List.of());
    assertThat(CspGenerator.reportOnly(p, "").policy())
        .contains("connect-src 'self' https://api.example.jp;")
        .contains("frame-src 'self' https://pay.example.com;");
  }

  @Test
  void reportUriAddsReportToAndItsEndpoint() {
    CspGenerator.Headers h =
        CspGenerator.reportOnly(
            page(List.of(), List.of(), List.of()), "https://soc.example/csp/abc");
    assertThat(h.asText())
        .endsWith(
            "report-uri https://soc.example/csp/abc; report-to csp-endpoint\n"
                + "Reporting-Endpoints: csp-endpoint=\"https://soc.example/csp/abc\"\n");
  }

  @Test
  void reportUriThatWouldBreakTheHeaderIsRefused() {
    assertThatThrownBy(
            () -> CspGenerator.reportOnly(page(List.of(), List.of(), List.of()), "https://x/;a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scriptOriginThatReceivedTypedCardDataIsNotAllowedToRunScripts() {
    PageInventory p =
        page(
            List.of(
                new Script(
                    "https://skim.example.net/s.js", "ab", false, "skim.example.net", true, 9)),
            List.of(),
            List.of(request("https://skim.example.net/c?d=4111111111111111", "Ping", false, true)));
    assertThat(CspGenerator.reportOnly(p, "").policy()).doesNotContain("skim.example.net");
  }

  @Test
  void reportUriWithNonAsciiIsRefused() {
    assertThatThrownBy(
            () ->
                CspGenerator.reportOnly(page(List.of(), List.of(), List.of()), "https://x/\u007f"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportUriThatIsNotHttpIsRefused() {
    assertThatThrownBy(
            () ->
                CspGenerator.reportOnly(
                    page(List.of(), List.of(), List.of()), "javascript:alert(1)"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
